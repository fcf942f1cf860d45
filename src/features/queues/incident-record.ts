/** An incident's record is stored, so it is declared with its schema beside the store's interface. */
export type { IncidentQueue, IncidentRecord } from '../../store/incidents.js';
