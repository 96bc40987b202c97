import { expect, it } from 'vitest';
import { EditingRequirement, EditorTask } from '../../src/editors/models.js';
import { User } from '../../src/identity/models.js';
import { uploadOrderFile } from '../../src/orders/files/service.js';
import { deliverOrder } from '../../src/orders/service/deliver.js';
import { actorFor } from '../orders/fixtures.js';
import { describeInBrowser, signInPage } from '../support/browser.js';
import { orderInProgress, PDF } from './fixtures.js';

describeInBrowser('Editor tasks in a real browser', (session) => {
  it('support finds the task in the editor_tasks list and reassigns it to an editor with a reason', async () => {
    const { page, server } = session();
    const order = await orderInProgress('a', { topic: 'Browser-edited essay on glaciers' });
    // Website A edits nothing by default: this test turns editing on for it.
    await EditingRequirement.update({ mode: 'always' }, { where: { websiteId: order.websiteId } });
    const writer = await actorFor('writer@scriptorium.test');
    await uploadOrderFile(writer, order.id, { category: 'final', fileName: 'draft.pdf', bytes: PDF });
    expect((await deliverOrder(writer, order.id, null)).status).toBe('under_editing');
    const task = (await EditorTask.findOne({ where: { orderId: order.id } }))!;
    const editor = (await User.findOne({ where: { email: 'editor@scriptorium.test' } }))!;

    await signInPage(session(), 'support@scriptorium.test');
    try {
      await page.goto(`${server.baseUrl}/admin/resources/editor_tasks?filters.status=available`);
      const row = page.locator('tbody tr').filter({ has: page.locator(`a[href$="/resources/editor_tasks/records/${task.id}/show"]`) });
      await row.waitFor();
      await expect.poll(() => row.textContent()).toMatch(/available/i);
      await row.locator('td').nth(1).click();
      await page.waitForURL(new RegExp(`/editor_tasks/records/${task.id}/show`));
      await page.getByTestId('action-reassign').click();
      await page.getByTestId('editor-task-action').waitFor();
      await page.locator(`[data-testid="editor-choice"] option[value="${editor.id}"]`).waitFor({ state: 'attached' });
      expect(await EditorTask.count({ where: { id: task.id, status: 'claimed' } })).toBe(0);
      await page.getByTestId('editor-choice').selectOption(String(editor.id));
      await page.fill('#editor-task-reason', 'The queue is long: Demo Editor takes it');
      await page.getByTestId('editor-task-action-submit').click();
      await page.getByText('The task is reassigned').waitFor();
    } catch (err) {
      await page.screenshot({ path: '/tmp/admin-editor-tasks.png' });
      throw err;
    }
    await expect.poll(async () => (await task.reload()).status).toBe('claimed');
    expect(task.editorId).toBe(editor.id);
  }, 300_000);
});
