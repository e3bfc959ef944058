// driver.js drives the county dashboard in Chromium for TestDashboardBrowser.
// It logs in, waits for the map, then reads one command per line on standard
// input and writes one JSON line per command on standard output:
//
//   read            the figures on screen, as shown and as the API values
//                   the page formatted them from
//   month YYYY-MM   chooses a month of water statistics and waits for it
//   live N          waits until the live feed has more than N events and a
//                   daily event has changed this month's water figure
//   shot PATH       writes a full-page PNG screenshot to PATH
//   quit            closes the browser
//
// Usage: node driver.js BASE_URL ACCOUNT SECRET USER_DATA_DIR
// It needs playwright-core installed beside it and Chromium at
// /usr/bin/chromium. Errors go to standard error and end the process with 1.

const readline = require('node:readline');
const { chromium } = require('playwright-core');

const [base, account, secret, userDataDir] = process.argv.slice(2);

const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

function reply(value) {
  process.stdout.write(JSON.stringify(value) + '\n');
}

// read returns what the page shows: text and data-value of each key figure,
// each water row and the feed count.
async function read(page) {
  return page.evaluate(() => {
    const figure = (id) => {
      const e = document.getElementById(id);
      return { text: e.textContent, value: e.dataset.value || '' };
    };
    const water = [...document.querySelectorAll('#water-chart g.row')].map((g) => ({
      code: g.dataset.code,
      volume: g.dataset.volume,
      text: g.querySelector('.bar-value').textContent,
    }));
    return {
      title: document.getElementById('title').textContent,
      plots: figure('kpi-plots'),
      area: figure('kpi-area'),
      month: figure('kpi-month'),
      alarms: figure('kpi-alarms'),
      alarmItems: document.querySelectorAll('#alarm-list li:not(.empty)').length,
      monthPicked: document.getElementById('month').value,
      water,
      mapPlots: document.querySelectorAll('#map path.plot').length,
      mapWells: document.querySelectorAll('#map circle.well').length,
      feed: Number(document.getElementById('feed-count').dataset.count),
      live: document.getElementById('live-state').dataset.state,
    };
  });
}

async function main() {
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: chromiumArgs,
    viewport: { width: 1600, height: 1000 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = context.pages()[0] || await context.newPage();
  page.on('pageerror', (e) => process.stderr.write(`page error: ${e.message}\n`));
  page.on('console', (m) => {
    if (m.type() === 'error') {
      process.stderr.write(`page console: ${m.text()}\n`);
    }
  });

  await page.goto(base + '/');
  await page.fill('#login-account', account);
  await page.fill('#login-secret', secret);
  await page.click('#login-submit');
  await page.waitForSelector('#map[data-ready="true"]', { timeout: 60000 });
  await page.waitForSelector('#water-chart g.row', { timeout: 60000 });
  reply({ ready: true });

  const lines = readline.createInterface({ input: process.stdin });
  for await (const line of lines) {
    const [command, arg] = line.trim().split(/\s+/, 2);
    if (command === 'read') {
      reply(await read(page));
    } else if (command === 'month') {
      await page.fill('#month', arg);
      await page.dispatchEvent('#month', 'change');
      await page.waitForFunction((m) => {
        const rows = document.querySelectorAll('#water-chart g.row');
        return document.getElementById('month').value === m && rows.length > 0 &&
          document.getElementById('water-note').textContent.startsWith(`${m}-01`);
      }, arg, { timeout: 60000 });
      // The picker keeps the focus otherwise, which a screenshot would show.
      await page.locator('#month').blur();
      reply(await read(page));
    } else if (command === 'live') {
      const before = await read(page);
      await page.waitForFunction(([n, value]) => {
        const feed = Number(document.getElementById('feed-count').dataset.count);
        const month = document.getElementById('kpi-month').dataset.value;
        return feed > n && month !== value;
      }, [Number(arg), before.month.value], { timeout: 90000 });
      reply(await read(page));
    } else if (command === 'shot') {
      await page.screenshot({ path: arg, fullPage: true });
      reply({ shot: arg });
    } else if (command === 'quit') {
      reply({ quit: true });
      break;
    } else {
      throw new Error(`unknown command ${line}`);
    }
  }
  await context.close();
}

main().catch((e) => {
  process.stderr.write(`${e.stack || e}\n`);
  process.exit(1);
});
