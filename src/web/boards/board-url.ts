export const thisYear = () => new Date().getUTCFullYear();

/** A unit's board for `year` (this year's without the query). */
export const boardUrl = (code: string, year: number) => `/units/${code}/board${year === thisYear() ? '' : `?year=${year}`}`;
