/** One text in both languages. Korean is the default; English is always complete. */
export interface LocalizedText {
  ko: string;
  en: string;
}

/** The words of Discord-only UI: the `connect` modal. */
export const CONNECT_MODAL_TEXTS = {
  title: { ko: '증권 계좌 연결', en: 'Connect a brokerage account' },
  fields: {
    broker: { ko: '증권사', en: 'Broker' },
    environment: { ko: '환경', en: 'Environment' },
    app_key: { ko: '앱 키 (App Key)', en: 'App key' },
    app_secret: { ko: '앱 시크릿 (App Secret)', en: 'App secret' },
    account: { ko: '계좌번호', en: 'Account number' },
  } satisfies Record<string, LocalizedText>,
  /** Labels of the choices shown in the modal's select menus; the value sent stays the token. */
  choices: {
    kis: { ko: '한국투자증권 (KIS)', en: 'Korea Investment & Securities (KIS)' },
    kiwoom: { ko: '키움증권', en: 'Kiwoom Securities' },
    real: { ko: '실전 투자', en: 'Real trading' },
    mock: { ko: '모의 투자', en: 'Mock trading' },
  } satisfies Record<string, LocalizedText>,
} as const;

/** Said when an interaction failed in the adapter itself (the neutral layer answers everything else). */
export const INTERACTION_FAILED: LocalizedText = {
  ko: '요청을 처리하지 못했습니다. 잠시 후 다시 시도해 주세요.',
  en: 'Could not handle that. Try again in a moment.',
};
