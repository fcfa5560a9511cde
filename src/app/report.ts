/** The HTML report of a notebook, for the notebook page (kept apart from persistence.ts, whose first use is the first screen). */
export { htmlReportFile } from '../share/report';
