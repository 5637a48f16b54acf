import { runCustomerDataCall } from '../src/ai/customer-data-tools';
import type { CrmReader } from '../src/crm/crm-reader';
import type { CustomerDataLookupInput, SupportActivities } from './types';

/**
 * The model's CRM look-ups, one activity each so every tool call is its own step in the Temporal UI. Reads only:
 * safe to retry. The customer id comes from the workflow, never from the model.
 */
export function customerDataActivities(crm: CrmReader): Pick<SupportActivities, 'lookupCustomerData'> {
  return {
    lookupCustomerData: (input: CustomerDataLookupInput) => runCustomerDataCall(crm, input.customerId, input.call),
  };
}
