/** The orders/qualifications sub-area's public module: code outside src/orders/qualifications/ imports from here only (docs/ARCHITECTURE.md). */
export { initWriterSubjectModels, WriterSubject } from './models.js';
export { qualifyForAllSubjects, setWriterSubjects, writerQualifications } from './service.js';
