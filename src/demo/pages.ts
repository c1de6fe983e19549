import type { DemoPage } from './types.ts';

// The demo outlet's static pages: who The Lantern is, and how it puts mistakes right.

export const demoPages: DemoPage[] = [
  {
    slug: 'about',
    title: 'About The Lantern',
    standfirst: 'A small, reader-funded newsroom covering Kilbrannan and the county since 2019.',
    daysAgo: 400,
    menuLabel: 'About',
    body: `The Lantern is an independent news and opinion site for Kilbrannan, its harbour and the villages along the coast road. Four of us work here full time; a dozen more write for us when they have something worth saying.

We started because the town's weekly paper closed and nobody was left at the back of the council chamber taking notes. We still sit there, every second Tuesday, and we read the planning files so you don't have to.

## What we cover

- **Council and planning**: every meeting, every vote, every large application.
- **The harbour and transport**: ferries, fishing quotas, the bypass that is always five years away.
- **Housing**: rents, vacancies and who owns what.
- **Culture**: the festival, the library, the choirs, the pub sessions.

* * *

## How we are paid for

Readers pay for most of what we do, through monthly memberships of any size. A local credit union and two small businesses sponsor our newsletter; they never see a story before it is published and have no say in what we write. We take no money from political parties or candidates.

## How to reach us

Tips, complaints and letters reach the newsroom by email, or by post to our office above the chemist on Quay Street. If you want to tell us something in confidence, say so before you tell us, and we will talk about how to keep you safe first.

::: pullquote
We would rather be late and right than first and wrong.
— The Lantern's house rule
:::
`,
  },
  {
    slug: 'corrections',
    title: 'Corrections policy',
    standfirst: 'When we get something wrong, we say so, on the article itself, and we keep the record.',
    daysAgo: 380,
    menuLabel: 'Corrections',
    body: `Every newsroom makes mistakes. What matters is what happens next.

## What we correct

We correct errors of fact: a wrong name, number, date or quotation, a claim we cannot stand behind. We do not rewrite an opinion because someone disagrees with it, but we will correct the facts an opinion rests on.

## How a correction looks

A correction is added to the article with a short note saying what was wrong and what is right. The note sits above the article, dated, where readers will see it. Every article also has a public history page: anyone can compare any two versions word by word and see exactly what changed and when.

Smaller updates, such as a new development in a running story, are marked as updates and kept in the same history.

## What we never do

- Quietly change a published article and pretend it always said that.
- Delete an article because it embarrasses us or an advertiser.

The only text we remove without leaving it on view is text a court or the law obliges us to take down. Even then, a public notice says that a passage was removed and why.

## How to ask for a correction

Write to the newsroom with the address of the article and what you believe is wrong. An editor who did not write the piece will look at it, usually within two working days, and will tell you what we decided.
`,
  },
];
