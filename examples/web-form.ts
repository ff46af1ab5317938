/**
 * Web form → ticket. The form's submission id becomes the Idempotency-Key, so a double click or
 * a retried submission opens one ticket, and the same ticket comes back.
 *
 *   RELAY_URL=… RELAY_API_KEY=rly_… npx ts-node examples/web-form.ts sub-8812 sam@example.com "Refund" "Charged twice"
 */
import { createRelayClient, unwrap } from '../packages/client/src';

export interface FormSubmission {
  submissionId: string;
  email: string;
  subject: string;
  message: string;
}

export async function submitForm(
  options: { baseUrl: string; apiKey: string },
  form: FormSubmission,
): Promise<{ id: string; number: number }> {
  const relay = createRelayClient(options);
  const created = await unwrap(
    relay.POST('/api/v1/tickets', {
      params: { header: { 'Idempotency-Key': `web-form-${form.submissionId}` } },
      body: { subject: form.subject, customer_email: form.email, description: form.message, channel: 'web' },
    }),
  );
  return { id: created.data.id, number: created.data.number };
}

if (require.main === module) {
  const [submissionId, email, subject, message] = process.argv.slice(2);
  void submitForm({ baseUrl: process.env.RELAY_URL!, apiKey: process.env.RELAY_API_KEY! }, { submissionId, email, subject, message }).then(
    (ticket) => console.log(`ticket #${ticket.number} (${ticket.id})`),
  );
}
