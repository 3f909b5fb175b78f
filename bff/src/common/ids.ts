/** The id check is shared with the front ends (an organisation id typed in a filter is checked the same way). */
export { isUuid } from '@ph/contracts';
