import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaff } from '../../src/accounts/accounts-service.ts';
import { axeViolations, BROWSER_TEST_TIMEOUT, haveBrowser, launchBrowser } from '../helpers/browser.ts';
import { asRole } from '../helpers/agent.ts';
import { startTestSite, type TestSite } from '../helpers/site.ts';

const PASSWORD = 'editor e2e password 1';

const picture = (colour: string) => sharp({ create: { width: 1200, height: 800, channels: 3, background: colour } }).jpeg().toBuffer();

/** A browser context that never leaves the test site. */
async function context(browser: Browser, site: TestSite, javaScriptEnabled = true): Promise<BrowserContext> {
  const ctx = await browser.newContext({ javaScriptEnabled });
  await ctx.route((url) => !url.href.startsWith(site.url), (route) => route.abort().catch(() => undefined));
  return ctx;
}

async function signIn(page: Page, site: TestSite, email: string): Promise<void> {
  await page.goto(`${site.url}/admin`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The first-run page and a second section: what a new outlet does before its first article. */
async function setUpSite(page: Page, site: TestSite, name: string): Promise<void> {
  await signIn(page, site, 'owner@fresh.test');
  await page.waitForURL(`${site.url}/admin/setup`);
  await page.getByLabel('The site’s name').fill(name);
  await page.getByLabel('First section').fill('News');
  await page.getByRole('button', { name: 'Save and start' }).click();
  await page.waitForURL(/\/admin\?done=setup/);
  await page.goto(`${site.url}/admin/sections`);
  await page.getByLabel('Name', { exact: true }).fill('Harbour');
  await page.getByRole('button', { name: 'Create section' }).click();
  await page.waitForURL(/done=created/);
}

/** The media library's own upload form (no script needed). */
async function uploadToLibrary(page: Page, site: TestSite, file: string, colour: string, alt: string, caption: string, credit: string) {
  await page.goto(`${site.url}/admin/media`);
  await page.getByLabel('Image file').setInputFiles({ name: file, mimeType: 'image/jpeg', buffer: await picture(colour) });
  await page.getByLabel('Alt text').fill(alt);
  await page.getByLabel('Caption').fill(caption);
  await page.getByLabel('Credit').fill(credit);
  await page.getByRole('button', { name: 'Upload' }).click();
  await page.waitForURL(/uploaded=1/);
}

describe.skipIf(!haveBrowser)('the article editor in Chromium', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  async function freshSite(): Promise<TestSite> {
    const site = await startTestSite('sqlite', { demo: false });
    await createStaff(site.services.db, { email: 'owner@fresh.test', name: 'Orla Owner', password: PASSWORD, role: 'owner' });
    return site;
  }

  it('takes a new site from its first-run page to a published article with an uploaded lead picture and a figure from the library', async () => {
    const site = await freshSite();
    const ctx = await context(browser, site);
    const page = await ctx.newPage();
    await setUpSite(page, site, 'The Quayside');
    await uploadToLibrary(page, site, 'Lighthouse at noon.jpg', '#336699', 'The white lighthouse on the point under a clear sky', 'The light on Kilbrannan Point.', 'Dara Quinn');

    await page.goto(`${site.url}/admin/articles/new`);
    await page.getByLabel('Headline').fill('The lighthouse gets a new keeper');
    // A new article is a draft from the first keystroke after its headline: the address follows it.
    await page.getByLabel('Standfirst').pressSequentially('After forty years, the light changes hands.');
    await page.waitForURL(/\/admin\/articles\/\d+\/edit$/);
    const id = Number(/articles\/(\d+)\/edit/.exec(page.url())![1]);
    await page.getByLabel('Section').selectOption({ label: 'Harbour' });

    // The lead picture: uploaded from the editor, chosen with its thumbnail.
    await page.getByRole('button', { name: 'Choose a picture' }).click();
    const dialog = page.getByRole('dialog', { name: 'Choose the lead picture' });
    await dialog.getByText('Upload a new picture').click();
    await dialog.getByLabel('Picture file').setInputFiles({ name: 'Keeper at the door.jpg', mimeType: 'image/jpeg', buffer: await picture('#aa7744') });
    await dialog.getByLabel('Alt text for the library').fill('The new keeper standing at the lighthouse door');
    await dialog.getByLabel('Credit for the library').fill('Sam Ruane');
    await dialog.getByRole('button', { name: 'Upload' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await page.locator('[data-lead-current] img.lead-thumb').getAttribute('src')).toMatch(/^\/media\/keeper-at-the-door-480\.jpg$/);

    // The body: a few words, then a figure found in the library by a word of its alt text, put in at the cursor.
    const body = page.getByLabel('Body');
    await body.click();
    await page.keyboard.type('Mairéad Cullen climbs the steps at dusk.');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.type('She lights the lamp.');
    await body.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(el.value.indexOf('She'), el.value.indexOf('She')));
    await page.getByRole('button', { name: 'Figure', exact: true }).click();
    const figures = page.getByRole('dialog', { name: 'Insert a figure' });
    await figures.getByLabel('Search the library').fill('LIGHTHOUSE clear');
    await expect.poll(() => figures.locator('.picker-item').count()).toBe(1);
    await figures.getByRole('button', { name: /white lighthouse/ }).click();
    await figures.getByLabel('Caption', { exact: true }).fill('Kilbrannan light, the evening of the handover.');
    await figures.getByRole('button', { name: 'Insert figure' }).click();
    expect(await body.inputValue()).toBe('Mairéad Cullen climbs the steps at dusk.\n\n::: figure lighthouse-at-noon\ncaption: Kilbrannan light, the evening of the handover.\n:::\n\nShe lights the lamp.');
    // Bold from the keyboard, as the toolbar's button does.
    await body.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(el.value.indexOf('lights'), el.value.indexOf('lights') + 6));
    await page.keyboard.press('Control+B');
    expect(await body.inputValue()).toContain('She **lights** the lamp.');

    // The live preview shows it as readers will see it.
    const preview = page.frameLocator('iframe[data-preview]');
    await expect.poll(() => preview.locator('.article-body figure .caption').textContent().catch(() => null), { timeout: 10_000 }).toBe('Kilbrannan light, the evening of the handover.');

    await page.getByRole('button', { name: 'Publish now' }).click();
    await page.waitForURL(new RegExp(`/admin/articles/${id}/edit\\?saved=publish`));
    expect(await site.services.db.kysely.selectFrom('articles').select('id').execute()).toEqual([{ id }]);
    const href = await page.getByRole('link', { name: 'View the published article' }).getAttribute('href');
    const reader = await ctx.newPage();
    await reader.goto(`${site.url}${href}`);
    expect(await reader.locator('.figure--lead img').getAttribute('alt')).toBe('The new keeper standing at the lighthouse door');
    expect(await reader.locator('.article-body figure .caption').textContent()).toBe('Kilbrannan light, the evening of the handover.');
    expect(await reader.locator('.article-body figure .credit').textContent()).toBe('Photo: Dara Quinn');
    expect(await reader.locator('.article-body strong').textContent()).toBe('lights');
    await ctx.close();
    await site.close();
  });

  it('does the same without JavaScript: the lead from the list, the figure copied from the pictures page', async () => {
    const site = await freshSite();
    const ctx = await context(browser, site, false);
    const page = await ctx.newPage();
    await setUpSite(page, site, 'The Plain Form');
    await uploadToLibrary(page, site, 'Slipway.jpg', '#557755', 'Boats drawn up on the slipway', 'The slipway at low tide.', 'Illustration: The Plain Form');
    await page.goto(`${site.url}/admin/media/picker?q=slipway`);
    const markdown = await page.getByLabel('Markdown for a figure').inputValue();
    expect(markdown).toBe('::: figure slipway\n:::');

    await page.goto(`${site.url}/admin/articles/new`);
    expect(await page.getByRole('toolbar').count()).toBe(0);
    await page.getByLabel('Headline').fill('Slipway to be repaired');
    await page.getByLabel('Section').selectOption({ label: 'Harbour' });
    await page.getByLabel('Picture from the library').selectOption({ label: 'slipway — Boats drawn up on the slipway' });
    await page.getByLabel('Body').fill(`Work starts on Monday.\n\n${markdown}`);
    await page.getByRole('button', { name: 'Publish now' }).click();
    await page.waitForURL(/saved=publish/);
    expect(await page.locator('.lead-thumb').getAttribute('src')).toBe('/media/slipway-480.jpg');
    const href = await page.getByRole('link', { name: 'View the published article' }).getAttribute('href');
    await page.goto(`${site.url}${href}`);
    expect(await page.locator('.figure--lead img').count()).toBe(1);
    expect(await page.locator('.article-body figure .credit').textContent()).toBe('Illustration: The Plain Form');
    await ctx.close();
    await site.close();
  });

  describe('on a site with the demo', () => {
    let site: TestSite;
    beforeAll(async () => {
      site = await startTestSite('sqlite');
      await createStaff(site.services.db, { email: 'editor@demo.test', name: 'Eda Editor', password: PASSWORD, role: 'editor' });
    });
    afterAll(async () => site?.close());

    async function editorPage(javaScriptEnabled = true): Promise<Page> {
      const page = await (await context(browser, site, javaScriptEnabled)).newPage();
      await signIn(page, site, 'editor@demo.test');
      await page.waitForURL(`${site.url}/admin`);
      return page;
    }

    it.each([true, false])('refuses to publish a figure that refers to no picture, with the reason (JavaScript %s)', async (js) => {
      const page = await editorPage(js);
      await page.goto(`${site.url}/admin/articles/new`);
      await page.getByLabel('Headline').fill(`A piece with a broken figure ${js}`);
      await page.getByLabel('Body').fill('It happened.\n\n::: figure the-missing-one\n:::');
      if (js) await page.waitForURL(/\/admin\/articles\/\d+\/edit$/);
      await page.getByRole('button', { name: 'Publish now' }).click();
      await page.waitForLoadState();
      await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('This cannot be published until this problem in the body is fixed');
      expect(await page.locator('#err-body_md li').textContent()).toBe('Figure "the-missing-one" refers to no image in the media library.');
      expect(await page.getByLabel('Body').inputValue()).toContain('::: figure the-missing-one');
      const rows = await site.services.db.kysely.selectFrom('articles').select('status').where('title', '=', `A piece with a broken figure ${js}`).execute();
      // With the script, the draft saved itself before the button was pressed; it stays a draft.
      expect(rows).toEqual(js ? [{ status: 'draft' }] : []);
      await page.context().close();
    });

    it('asks before leaving with unsaved changes, and not once they are saved', async () => {
      const page = await editorPage();
      const dialogs: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.type());
        void d.dismiss();
      });
      // A published article saves only when asked: a change is unsaved until then.
      await page.goto(`${site.url}/admin/articles/1/edit`);
      await page.getByLabel('Body').click();
      await page.keyboard.type(' An added sentence.');
      await page.getByRole('link', { name: 'Dashboard' }).click();
      await expect.poll(() => dialogs).toEqual(['beforeunload']);
      expect(page.url()).toBe(`${site.url}/admin/articles/1/edit`);

      // A draft saves itself; once it has, leaving asks nothing.
      await page.close({ runBeforeUnload: false });
      const second = await page.context().newPage();
      second.on('dialog', (d) => {
        dialogs.push(d.type());
        void d.dismiss();
      });
      await second.goto(`${site.url}/admin/articles/new`);
      await second.getByLabel('Headline').click();
      await second.keyboard.type('A draft that saves itself');
      await expect.poll(() => second.locator('.autosave-status').textContent(), { timeout: 10_000 }).toMatch(/Draft saved at/);
      await second.getByRole('link', { name: 'Dashboard' }).click();
      await second.waitForURL(`${site.url}/admin`);
      expect(dialogs).toEqual(['beforeunload']);
      await second.context().close();
    });

    it('saves as you type without ever refusing itself; after another person’s save it stops, and Save shows both', async () => {
      const page = await editorPage();
      await page.goto(`${site.url}/admin/articles/new`);
      await page.getByLabel('Headline').fill('Tide tables for the week');
      await page.waitForURL(/\/admin\/articles\/\d+\/edit$/);
      const id = Number(/articles\/(\d+)\/edit/.exec(page.url())![1]);
      const stored = async () => (await site.services.db.kysely.selectFrom('article_bodies').select('body_md').where('article_id', '=', id).executeTakeFirst())?.body_md ?? '';
      const type = async (words: string) => {
        await page.getByLabel('Body').click();
        await page.keyboard.press('Control+End');
        await page.keyboard.type(words);
      };
      // Three saves as you type, one after another, each from the version the last one stored.
      for (const words of ['High water at six.', ' Low water at noon.', ' Spring tides on Friday.']) {
        await type(words);
        await expect.poll(stored, { timeout: 10_000 }).toContain(words.trim());
      }
      expect(await page.locator('.autosave-status').textContent()).toMatch(/Draft saved at/);
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.waitForURL(/saved=save$/);

      // A colleague saves the same draft from their own page.
      const other = await asRole(site, 'editor');
      const theirs = await other.get(`/admin/articles/${id}/edit`);
      const version = /name="version" value="([^"]+)"/.exec(theirs.body)![1];
      const section = /<option value="(\d+)" selected/.exec(theirs.body)![1];
      expect((await other.post(`/admin/articles/${id}`, { title: 'Tide tables for the week', standfirst: '', section_id: section, body_md: 'Their own tide tables.', version, action: 'save' })).status).toBe(303);

      // This tab's next save as you type is refused and says so; its text stays; Save then shows both.
      await type(' Neap tides next week.');
      await expect.poll(() => page.locator('.autosave-status').textContent(), { timeout: 10_000 }).toContain('someone else changed this article');
      expect(await stored()).toBe('Their own tide tables.');
      await page.getByRole('button', { name: 'Save draft' }).click();
      await page.getByRole('heading', { name: /^Not saved: someone else changed this article/ }).waitFor();
      expect(await page.getByLabel('Body').inputValue()).toBe('High water at six. Low water at noon. Spring tides on Friday. Neap tides next week.');
      expect(await stored()).toBe('Their own tide tables.');
      await page.setViewportSize({ width: 390, height: 844 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      for (const scheme of ['light', 'dark'] as const) expect(await axeViolations(page, scheme), scheme).toEqual([]);
      await page.context().close();
    });

    it('puts a picture from the library into a static page with the Figure button, and the published page shows it', async () => {
      const page = await editorPage();
      await page.goto(`${site.url}/admin/pages/new`);
      await page.getByLabel('Title').fill('Our photographers');
      const body = page.getByLabel('Body');
      await body.fill('The people behind the pictures.\n\n');
      await body.evaluate((el: HTMLTextAreaElement) => el.setSelectionRange(el.value.length, el.value.length));
      await page.getByRole('button', { name: 'Figure', exact: true }).click();
      const figures = page.getByRole('dialog', { name: 'Insert a figure' });
      const first = figures.locator('.picker-item').first();
      const slug = (await first.locator('.picker-item__slug').textContent())!;
      await first.click();
      await figures.getByLabel('Caption', { exact: true }).fill('One of ours, on assignment.');
      await figures.getByRole('button', { name: 'Insert figure' }).click();
      expect((await body.inputValue()).trim()).toBe(`The people behind the pictures.\n\n::: figure ${slug}\ncaption: One of ours, on assignment.\n:::`);
      await page.getByRole('button', { name: 'Publish now' }).click();
      await page.waitForURL(/\/admin\/pages\/\d+\/edit\?saved=publish/);
      const href = await page.getByRole('link', { name: 'View the published page' }).getAttribute('href');
      await page.goto(`${site.url}${href}`);
      expect(await page.locator('main figure img').count()).toBe(1);
      expect(await page.locator('main figure .caption').textContent()).toBe('One of ours, on assignment.');
      await page.context().close();
    });

    const PAGES = ['/admin/articles/new', '/admin/articles/1/edit', '/admin/pages/new', '/admin/media/picker', '/admin/guide'];

    it('fits a 390 px phone and passes axe on the editor, its picker, the pictures page and the guide', async () => {
      const page = await editorPage();
      await page.setViewportSize({ width: 390, height: 844 });
      for (const path of PAGES) {
        await page.goto(`${site.url}${path}`);
        expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(390);
        for (const scheme of ['light', 'dark'] as const) expect(await axeViolations(page, scheme), `${path} ${scheme}`).toEqual([]);
      }
      await page.goto(`${site.url}/admin/articles/new`);
      await page.getByRole('button', { name: 'Figure', exact: true }).click();
      await page.getByRole('dialog').locator('.picker-item').first().waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      for (const scheme of ['light', 'dark'] as const) expect(await axeViolations(page, scheme), `picker ${scheme}`).toEqual([]);
      await page.context().close();
    });

    it('passes axe on a wide screen, with the preview beside the text', async () => {
      const page = await editorPage();
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.goto(`${site.url}/admin/articles/1/edit`);
      await page.frameLocator('iframe[data-preview]').locator('h1').waitFor();
      const [text, preview] = await Promise.all(['.editor-writing', '.editor-preview'].map((s) => page.locator(s).boundingBox()));
      expect(preview!.x).toBeGreaterThan(text!.x + text!.width - 1);
      for (const scheme of ['light', 'dark'] as const) expect(await axeViolations(page, scheme), scheme).toEqual([]);
      await page.context().close();
    });
  });
});
