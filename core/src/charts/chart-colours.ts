/** Korean convention (CHAT-PLATFORMS.md C2): red for up, blue for down. */
export const UP_RED = '#e0241b';
export const DOWN_BLUE = '#1a5fd6';
export const GRID_GREY = '#d9d9d9';
export const TEXT_GREY = '#444444';
