import { loadDotenvFile, parseCoreConfig } from './config.js';
import { startCoreService } from './service.js';

// `npm run start:core`: core alone, connecting to a bridge at BRIDGE_URL (or ws://127.0.0.1:8788).
loadDotenvFile();
const service = await startCoreService(parseCoreConfig());
service.stopOnSignals();
