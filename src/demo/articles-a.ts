import type { DemoArticle } from './types.ts';

export const articlesA: DemoArticle[] = [
  {
    slug: 'harbour-plan-passes-council-vote',
    section: 'news',
    title: 'Council approves Outer Harbour plan after five-hour debate',
    standfirst:
      'Councillors voted 22 to 15 to back a 1,200-home redevelopment of the old ferry docks, with a promise that a fifth of the homes will be social or affordable.',
    authors: ['niamh-brennan', 'tomas-okafor'],
    tags: ['harbour', 'city council', 'housing'],
    hoursAgo: 20,
    lead: {
      image: 'council-chamber',
      alt: 'Drawing of councillors seated around a curved wooden table, with a packed public gallery behind them',
      caption: 'The council chamber in City Hall was full from the start of the meeting.',
      credit: 'Illustration: The Lantern / Aoife Ní Dhálaigh',
    },
    body: `Kilbrannan City Council last night approved the long-debated redevelopment of the Outer Harbour, clearing the way for up to 1,200 homes, a relocated ferry terminal and a public promenade on land that has sat largely idle since the container trade moved downriver two decades ago.

The masterplan passed by 22 votes to 15 after a five-hour meeting in City Hall, with the public gallery full from the first item and a crowd of around 200 people outside on Merchant Street. Two amendments, one raising the share of social and affordable homes and another guaranteeing public access to the breakwater, were defeated.

The plan was drawn up by Tidewater Partners, a joint venture between the Kilbrannan Port Company and a private investment fund, and has been through two rounds of public consultation since it was first published eighteen months ago.

::: figure harbour-dawn
alt: Pen drawing of empty warehouses and idle cranes along a harbour wall at first light
caption: The former ferry docks on Pier Road, which will be cleared in phases over about ten years.
credit: Illustration: The Lantern / Cormac Fitzgerald
:::

## What was approved

Under the masterplan, the old ferry docks and the warehouses along Pier Road will be demolished in stages. The approved plan includes:

- up to 1,200 homes in buildings of between four and eleven storeys, of which 20 per cent are to be social or affordable
- a new ferry terminal at the eastern end of the basin, replacing the 1970s building on Pier Road
- a 1.4-kilometre promenade linking Custom House Quay to the lighthouse
- around 9,000 square metres of shops, offices and workspace, including a boatyard for the rowing and sailing clubs

The council will keep ownership of the promenade and a new public square, while the port company retains the freehold of the residential plots and leases them to Tidewater.

Opening the debate, the Lord Mayor, Cllr Pádraig Hennessy, called it "the biggest decision this chamber will take in a generation".

"For twenty years people have walked past that fence and asked when something would happen," he said. "Tonight we can give them an answer, and it is a better answer than the one we were offered the first time round."

* * *

## 'A fifth is not enough'

Opposition came from a bloc of independents and the council's smaller parties, who argued that the affordable share was too low for a site a ten-minute walk from the city centre. An amendment from Cllr Sinéad Moriarty to raise it to 35 per cent was defeated by 20 votes to 17, the closest result of the night.

"We are handing over the best piece of public land this city has, and we are getting a fifth of it back," Cllr Moriarty said. "The rest will be priced for people who do not live in Kilbrannan yet."

::: pullquote
We were told the harbour would be for everyone. I would like someone to show me where in this plan that is written down.
— Mairéad Cullen, Harbour Residents' Association
:::

Ms Cullen, who chairs the Harbour Residents' Association, was one of ten members of the public allowed three minutes each to address the meeting. Her association represents around 300 households in the terraces behind Pier Road, many of whom are worried about a decade of construction traffic on streets that were laid out for horses and carts.

Council officials said the developer would have to submit a construction traffic management plan before any demolition begins, and that lorries would be routed along the port access road rather than through the terraces.

Colm Ferriter, a director of Tidewater Partners, said the company intends to lodge a planning application for the first phase, covering about 280 homes and the western half of the promenade, before the end of the year.

"We have listened through two consultations and the plan is better for it," Mr Ferriter said. "The first thing people will see down there is the promenade, not the cranes."

## What happens next

The masterplan is not itself a planning permission. Each phase will need a separate application, and each can be objected to and appealed. Cllr Moriarty said opponents would "look closely at every one of them".

The ferry operator, which had sought assurances that sailings would not be disrupted during construction, said it welcomed the decision and expected to move into the new terminal "within four years".

The full debate, including the public session, was streamed on the council's website and can be watched below.

::: embed https://www.youtube.com/watch?v=dQw4w9WgXcQ
Council livestream of the vote (external video)
:::`,
  },
  {
    slug: 'harbour-vote-bad-bargain',
    section: 'opinion',
    title: 'The harbour vote gave away the one thing Kilbrannan cannot get back',
    standfirst:
      'Last night’s decision will be sold as progress. It is a bad bargain for the public, and most of the councillors who voted for it know that.',
    authors: ['ruth-delaney'],
    tags: ['harbour', 'city council', 'housing'],
    hoursAgo: 3,
    lead: {
      image: 'protest-placards',
      alt: 'Illustration of hand-lettered placards held up by a crowd outside a stone building at dusk',
      caption: 'Protesters gathered on Merchant Street while councillors debated the Outer Harbour plan.',
      credit: 'Illustration: The Lantern / Lena Hartigan',
    },
    body: `There is a particular tone councillors use when they know a decision is not quite right but have decided to make it anyway. You could hear it in City Hall last night, in speech after speech that began with "I share the concerns" and ended with a vote in favour.

The Outer Harbour masterplan passed by 22 votes to 15. It will be described, in the press releases already being drafted, as the moment Kilbrannan finally turned to face the sea again. I would like to describe it differently: as the moment the city swapped the largest piece of public waterfront it owns for a promise, and forgot to read the small print.

## The land was always ours

It is worth remembering whose land this is. The port company is a public body. The docks were built with public money, dredged with public money and, for the last twenty years, left to rust with public patience. Nobody needed to buy this site. There was no auction, no rival bidder to see off. The city was in the rare and fortunate position of being able to decide, from scratch, what a piece of its own shoreline should be for.

And what it has decided is that four-fifths of the homes there will be sold or let at whatever the market will bear, on long leases to a fund whose obligations to Kilbrannan end at the boundary of the site.

::: figure harbour-dawn
alt: Drawing of the harbour basin at dawn, with gulls over the empty quayside
caption: The Outer Harbour basin, where up to 1,200 homes are now planned.
credit: Illustration: The Lantern / Cormac Fitzgerald
:::

Supporters of the plan say 20 per cent affordable housing is in line with national policy. That is true, and it is also beside the point. National policy sets a floor for private land bought at private risk. It was never meant to be the ceiling for public land handed over at no risk at all. When the amendment to raise the share to 35 per cent was defeated by three votes, the argument from the majority side of the chamber was that the scheme "would not stack up". Stack up for whom? No one was able to say, because the viability figures were never published.

* * *

## A promenade is not a public realm

The sweetener in all this is the promenade. It is a lovely drawing. I have no doubt the finished thing will be lovely too, and that I will walk along it with everyone else and feel a little foolish for having written this column.

But a promenade is a strip of paving between private buildings and the water. The breakwater, the one place on that side of the bay where you can stand and look back at the whole city, was left out of the public access guarantee. An amendment to put it in was defeated. The council's own officials could not tell members what the "operational reasons" for that were.

::: pullquote
Public land should come with public answers. Last night it came with a drawing.
:::

Meanwhile, the people who will live alongside the site for ten years of demolition and piling were given thirty minutes, in total, to speak. The residents of the Pier Road terraces have been promised a traffic plan. They have been promised a lot of things over the years.

## What councillors can still do

None of this is final. The masterplan is a framework, and every phase will need its own planning application. That gives councillors, and the rest of us, about a dozen more chances to get this right. They should use them to:

1. insist that the viability assessment is published before the first application is decided
2. attach public access to the breakwater as a condition, not an aspiration
3. ask the port company, as a public body, to take a direct stake in the later phases rather than leasing them all away

I do not doubt that most of the 22 believe they did something good last night. Something did need to happen down there. But "something" is a low bar for a city that will only get to make this decision once.`,
  },
  {
    slug: 'route-14-bus-cut-ardcullen',
    section: 'news',
    title: 'Ardcullen to lose direct evening bus as Route 14 is cut back',
    standfirst:
      'The regional operator says falling passenger numbers and a driver shortage are to blame. Residents say the estate will be cut off after 7pm.',
    authors: ['tomas-okafor'],
    tags: ['transport', 'city council'],
    hoursAgo: 45,
    lead: {
      image: 'bus-in-rain',
      alt: 'Watercolour-style drawing of a single-decker bus pulling away from a shelter in heavy rain',
      caption: 'The Route 14 stop on Ardcullen Road, where evening services are due to end next month.',
      credit: 'Illustration: The Lantern / Aoife Ní Dhálaigh',
    },
    body: `Residents of the Ardcullen estate on the northern edge of Kilbrannan will lose their direct evening bus link to the city centre from next month, after the regional operator Coastlink confirmed it is cutting back the Route 14 timetable.

Under the new schedule, the last bus from the city centre to Ardcullen will leave the Custom House stop at 6.50pm, compared with 11.15pm at present. Sunday services will be reduced from hourly to every two hours, and the early-morning run that connects with the first train to the capital will be withdrawn entirely.

Coastlink said the changes were necessary because of a shortage of drivers and a fall in passengers on the route since the pandemic.

"Nobody takes a decision like this lightly," said Gráinne Tobin, the company's regional operations manager. "We are around nine drivers short across the Kilbrannan depot. We have had to choose between cutting some journeys in a planned way, or cancelling them at short notice across the whole network, which is what has been happening for months."

## 'We will be stranded'

About 4,200 people live in Ardcullen, which was built in the 1970s around a shopping centre that has since lost most of its shops. Census figures show that nearly a third of households there do not own a car, more than twice the city average.

For people who work evening shifts, the change will be felt immediately. Osagie Bello, a care assistant at St Finbarr's nursing home in the city centre, finishes work at 8pm four days a week.

"At the moment I get the 8.20 and I am home by nine," he said. "After this, I either pay for a taxi, which is twenty euro, or I walk for fifty minutes along a road with no footpath for half of it. That is not a choice, really."

::: figure coastal-town
alt: Line drawing of a hillside housing estate above the bay, with a road winding down towards the city
caption: Ardcullen sits on the hill above the bay, about four kilometres from the city centre.
credit: Illustration: The Lantern / Lena Hartigan
:::

A petition started by the Ardcullen Community Forum had gathered more than 1,600 signatures by yesterday evening. Its chairperson, Bernie Walsh, said the estate had been "treated as an afterthought" for years.

"First it was the bank, then the post office, and now the bus," she said. "Every time, they tell us it is about numbers. But the numbers go down because the service gets worse, and then they cut it again."

* * *

## Council has little power over timetables

Kilbrannan City Council does not run or fund the city's bus services, which are contracted by the national transport authority. However, councillors from the area have written to the authority asking it to intervene.

Cllr Dermot Faherty, who represents the North Ward, said he would table a motion at next month's meeting calling on the authority to fund a replacement evening service, possibly using a smaller demand-responsive bus.

"It is not good enough to say this is an operational matter," he said. "When a whole estate loses its evening connection to the rest of the city, that is a planning matter, a jobs matter and, frankly, a safety matter."

Coastlink said it would review the timetable in six months and restore journeys "as soon as staffing allows". It is running a recruitment drive and has raised its starting pay for drivers by 8 per cent.

The company said other routes affected by the changes include:

- Route 6 to Lisnagree, where Saturday frequency drops from every 20 minutes to every 30
- Route 21 to the university, which will not run during the summer break

The national transport authority said it was "engaging with the operator" and would respond to councillors in writing.`,
  },
  {
    slug: 'quay-flooding-delays-rathbeg-school',
    section: 'news',
    title: 'Quay flooding pushes Rathbeg school opening back by a term',
    standfirst:
      'Seawater poured into the foundations of the new Rathbeg Community School during last week’s storm surge. Pupils will stay in prefabs until after Christmas.',
    authors: ['tomas-okafor', 'niamh-brennan'],
    tags: ['climate', 'schools', 'flooding', 'harbour'],
    hoursAgo: 160,
    lead: {
      image: 'flooded-quay',
      alt: 'Drawing of floodwater lapping over a quayside wall, with bollards and a bench half submerged',
      caption: 'Custom House Quay at the height of the surge, shortly after 6am.',
      credit: 'Illustration: The Lantern / Cormac Fitzgerald',
    },
    body: `The opening of the new Rathbeg Community School building has been delayed until at least January after seawater flooded the construction site during a storm surge that swept over Kilbrannan's quays last week.

The surge, which coincided with one of the highest spring tides of the year, pushed water over the wall at Custom House Quay shortly before 6am. Within an hour it had spread along Wharf Lane and into the basement of the half-built school, which stands on reclaimed land about 150 metres from the river.

Around 600 students had been due to move into the new building in September, after four years in a cluster of prefabs on the old school site.

"We had the date on the calendar in the staff room," said the school's principal, Fionnuala Keane. "The students had been counting down. I had to stand in front of them on Friday and tell them it is going to be another term at least, and that was one of the harder assemblies I have had to do."

## Basement and plant room damaged

According to the Department of Education, which is funding the €38 million project, the water reached a depth of about 1.2 metres in the basement plant room. Electrical switchgear and parts of the heating system, which had been installed only weeks before, will have to be replaced.

Kieran Hogan, the project manager for the main contractor, said the structure itself was not affected.

"The frame, the floors, the roof, all of that is sound," he said. "The problem is everything that runs the building. That equipment is made to order, and we are looking at lead times of ten to fourteen weeks before we can even begin installing it again."

::: figure school-yard
alt: Sketch of a row of prefabricated classrooms around a tarmac yard with a basketball hoop
caption: The prefab classrooms on the old Rathbeg site, which will remain in use until the new year.
credit: Illustration: The Lantern / Aoife Ní Dhálaigh
:::

The Department said the cost of the repairs would be covered by the contractor's insurance, though it did not rule out an increase in the overall budget.

* * *

## Questions over the site

The flooding has renewed questions about why the school was built where it was. When planning permission was granted five years ago, a flood risk assessment concluded that the site was at "moderate" risk and that raising the ground floor by 600 millimetres would be sufficient. The basement plant room was approved on the basis that it would be protected by a "flood-resilient" door.

That door, the contractor confirmed, had not yet been fitted.

Cllr Aisling Deasy, who chairs the council's climate action committee, said the episode showed that assumptions made only a few years ago were already out of date.

"This is the third time in eighteen months that water has come over that wall," she said. "The flood maps we are using for planning decisions were drawn up for a climate we no longer have. We cannot keep putting schools, homes and hospitals on the quays and hoping the door gets fitted in time."

The council's long-promised flood defence scheme for the quays, which would raise the wall by up to a metre and install demountable barriers at Wharf Lane and Fisher's Steps, is still at design stage. Officials told the committee last month that construction was unlikely to begin for another two years.

## Parents frustrated

Parents said they understood the delay but were worried about another winter in the prefabs, several of which have had problems with leaks and heating.

"The kids have been very patient," said Donal Ryan, whose two daughters attend the school. "But they were promised a proper building with proper science labs. My eldest will sit her exams having spent her whole secondary education in a portacabin."

Ms Keane said the school would write to families this week with a revised timetable and an update on repairs to the existing prefabs. She said the Department had agreed to fund two additional temporary classrooms to ease overcrowding in the meantime.`,
  },
  {
    slug: 'what-the-housing-figures-say',
    section: 'analysis',
    title: 'Kilbrannan says it built 2,140 homes. What do the figures really show?',
    standfirst:
      'The council’s latest housing report says it has hit 89 per cent of its three-year target. Strip out student beds and leased homes, and the picture looks rather different.',
    authors: ['declan-moyo'],
    tags: ['housing', 'city council', 'data'],
    hoursAgo: 70,
    lead: {
      image: 'housing-chart',
      alt: 'Illustrated bar chart with rising columns drawn as small terraced houses',
      caption: 'New homes delivered in Kilbrannan over the last three years, by type.',
      credit: 'Illustration: The Lantern / Declan Moyo',
    },
    body: `When Kilbrannan City Council published its housing delivery report this month, the headline number was a good one. Over the three years of the current housing plan, the report says, 2,140 homes were "delivered" in the city, against a target of 2,400. That is 89 per cent, and the council's press release described it as "strong progress in a challenging environment".

It is not a false number. But it is a number that combines several very different things, and it is worth taking it apart.

## What counts as a home

The report's own appendix breaks the 2,140 figure down into four categories:

- **1,310** newly built homes, both private and social
- **420** student bed spaces in purpose-built accommodation near the university
- **260** vacant or derelict homes brought back into use
- **150** homes secured on long-term leases for social housing

All four are useful. Bringing empty homes back into use is cheap and quick, and leasing gives the council homes to offer families faster than building. But only the first category represents new homes added to the city's stock, and only the first category is comparable with the way the target was originally set.

The housing plan adopted three years ago said, in its own words:

> The Council will facilitate the delivery of 2,400 new dwellings over the plan period, to meet projected household growth of approximately 800 households per year.

New dwellings, to meet household growth. On that basis, the relevant figure is 1,310, or 55 per cent of the target.

The student beds are the most generous inclusion. Under national guidance, councils may count purpose-built student accommodation towards housing supply on the grounds that it frees up family homes elsewhere in the rental market. But the guidance also suggests counting roughly three bed spaces as one home. Applied here, the 420 beds would count as 140 homes, not 420.

::: figure coastal-town
alt: Drawing of rows of houses climbing a hill above the bay, with cranes on the skyline
caption: Most new-build homes completed in the last three years were on the eastern side of the city.
credit: Illustration: The Lantern / Lena Hartigan
:::

* * *

## Where the homes went

Of the 1,310 new builds, 390 were social homes built or bought by the council and housing associations. That is about 30 per cent, higher than many cities manage. The remaining 920 were sold or let privately.

Over the same three years, the number of households on Kilbrannan's social housing waiting list rose from 3,410 to 3,870, an increase of 460. In other words, the list grew faster than the council was able to house people from it.

"The delivery numbers are real, and the council deserves credit for the social homes," said Dr Hannah Corcoran, a housing economist at Kilbrannan University. "But when your waiting list is growing by 150 households a year, hitting 89 per cent of a target does not mean you are 89 per cent of the way to solving anything."

## What people are paying

Rents tell the same story. The average advertised rent for a two-bedroom home in the city rose from €1,480 a month to €1,640 over the period, an increase of 11 per cent. Average take-home pay for a full-time worker in the region rose by about 7 per cent.

For a staff nurse at Kilbrannan University Hospital earning the standard mid-scale salary, that two-bedroom rent now takes up around 45 per cent of net monthly income, up from about 42 per cent three years ago.

* * *

## What the council says

Asked about the breakdown, a council spokesperson said the report "follows national reporting guidelines" and that all four categories "meet real housing need in the city".

"We have never claimed that every one of those units is a new-build family home," the spokesperson said. "The appendix sets out exactly what is included, and we would encourage people to read it."

That is fair, and we did. The appendix is clear. The headline is less so. If the council's next plan sets a new target, as it is due to later this year, it would help everyone if it said plainly which of these four numbers it intends to be judged on.

*Figures are taken from Kilbrannan City Council's Housing Delivery Report, the regional rent index and the council's social housing waiting list returns. Our calculations are available on request.*`,
  },
  {
    slug: 'why-a-city-needs-its-own-newsroom',
    section: 'opinion',
    title: 'Nobody else is going to sit through the planning committee',
    standfirst:
      'Local journalism is unglamorous, slow and often unprofitable. A city without it is easier to run, and much easier to run badly.',
    authors: ['ruth-delaney'],
    tags: ['media', 'city council', 'schools'],
    hoursAgo: 110,
    lead: {
      image: 'newsroom-desk',
      alt: 'Drawing of a cluttered desk with a laptop, notebooks, a cold mug of tea and a stack of council agendas',
      caption: 'Most local reporting begins with a very long agenda.',
      credit: 'Illustration: The Lantern / Aoife Ní Dhálaigh',
    },
    body: `Last month, one of our reporters spent a little over four hours in a meeting room on the second floor of City Hall, listening to the planning committee discuss, among other things, a revised layout for a car park, a change of use for a former bakery, and the colour of some railings. Nobody else from the press was there. For most of the meeting, nobody from the public was there either.

Somewhere in the third hour, an official mentioned in passing that the flood-resilient door on the new Rathbeg school had been "deferred to a later phase of the works". It was one sentence in a long afternoon. Weeks later, that deferred door is the reason a basement full of brand new equipment filled with seawater and six hundred teenagers will spend another winter in prefabs.

I am not telling this story to congratulate ourselves. We did not write about the door at the time. It did not seem important, and there were three other things on the agenda that seemed more so. But we had the note, and when the water came over the quay, we knew where to look.

That is what local journalism mostly is. Not scoops, but notes.

## The quiet disappearance

Twenty years ago, Kilbrannan had two weekly papers, a daily regional edition with a staffed office on Merchant Street, and a local radio station with a newsroom of six. Between them, there was a reporter at almost every council meeting, every district court sitting and every inquest.

Today the radio station's news is read from a regional hub two counties away. One weekly closed, and the other became a free sheet built mostly from press releases. The regional daily's office is now a phone shop.

::: figure library-shelves
alt: Illustration of library shelves lined with bound volumes of old newspapers
caption: Bound volumes of the Kilbrannan Weekly Examiner in the city library, which ends its run in 2011.
credit: Illustration: The Lantern / Lena Hartigan
:::

None of this happened because people stopped caring about their city. It happened because the advertising that paid for all those reporters moved elsewhere, and nobody was in a position to replace it.

* * *

## What a city loses

There is a growing body of research, from several countries, on what happens to places that lose their local news. The findings are remarkably consistent. Fewer people stand for election. Fewer people vote. Public borrowing costs tend to rise, because lenders price in the absence of scrutiny. People know less about their local representatives and trust them less.

Put more simply, the people who run things start to behave as if no one is watching. Usually they are not villains. They are busy, and a meeting that no one reports is a meeting where the awkward question does not get asked.

::: pullquote
A meeting that no one reports is a meeting where the awkward question does not get asked.
:::

Orla Gavin, who chaired the council's finance committee for eight years before retiring last spring, put it to me bluntly. "When the Examiner had someone in the gallery, we read our papers properly," she said. "Once they stopped coming, some of us got lazy. I include myself."

## What we are asking

The Lantern is small. There are four of us on staff, a handful of freelancers and a board of volunteers. We are funded by readers who pay what they can and by a few local businesses who sponsor our newsletters without having any say in what goes in them.

We cannot sit in every meeting. But we can sit in more of them than anyone else is going to, and we can publish what we find in a way that lets you check our working. If you think that is worth having, the best thing you can do is:

- read us, and tell us when we get things wrong
- send us the agenda item nobody else has noticed
- and, if you are able, pay something towards it

The alternative is not that someone else will do this work. The alternative is that it will not get done, and we will find out what we missed the next time the water comes over the wall.`,
  },
  {
    slug: 'where-the-council-budget-goes',
    section: 'analysis',
    title: 'Where the council’s €212 million goes, and where it comes from',
    standfirst:
      'Housing takes the biggest share of Kilbrannan’s budget, but the fastest-growing line is one few people have heard of. A guide to the numbers ahead of next year’s estimates.',
    authors: ['declan-moyo', 'niamh-brennan'],
    tags: ['budget', 'city council', 'housing', 'climate', 'flooding', 'data'],
    hoursAgo: 230,
    lead: {
      image: 'budget-pie',
      alt: 'Hand-drawn pie chart split into coloured slices, each labelled with a small pictogram',
      caption: 'Kilbrannan City Council’s day-to-day spending this year, by service.',
      credit: 'Illustration: The Lantern / Declan Moyo',
    },
    body: `Every autumn, Kilbrannan City Council publishes a document of more than 200 pages setting out how it plans to spend the following year's money. Very few people read it. Councillors debate it for a single evening, usually pass it with minor changes, and most of the city only notices when the bins, buses or potholes change.

With next year's draft estimates due before councillors in the coming weeks, we went through this year's budget line by line. Here is what it shows.

## The headline number

The council's day-to-day, or revenue, budget this year is **€212 million**. That does not include capital spending on big one-off projects such as new housing schemes or the quay flood defences, which is funded separately, largely through government grants and borrowing.

Of the €212 million, spending breaks down roughly like this:

- **Housing and building: €65.7m (31%)**, mostly maintaining and managing around 5,800 council homes, plus homeless services
- **Roads and transport: €40.3m (19%)**, including road maintenance, street lighting, traffic management and parking
- **Water and environment: €29.7m (14%)**, covering waste collection, street cleaning, fire services and flood management
- **Recreation and amenity: €21.2m (10%)**, including libraries, parks, swimming pools and the arts
- **Development and planning: €19.1m (9%)**, including the planning department and economic development
- **Administration and miscellaneous: €36.0m (17%)**, which includes pensions, IT, elections and the running of City Hall

That last category often attracts criticism, but more than half of it is pension payments to former staff, which the council is legally obliged to make.

* * *

## Where the money comes from

The council raises its income from four main sources:

1. **Commercial rates** paid by businesses: about 38 per cent
2. **Government grants and subsidies**: about 27 per cent
3. **Fees and charges**, including rents from council tenants, parking and planning fees: about 21 per cent
4. **Local property tax**, paid by homeowners: about 14 per cent

The dependence on commercial rates is higher than in many councils of similar size, and it has consequences. When the Northgate retail park lost two anchor tenants last year, the council's rates income fell by an estimated €1.1 million, more than the entire annual budget for the city's three branch libraries.

"People think of the council as being funded by the property tax, because that is the bill they see," said Fergal Ó Siochrú, the council's head of finance. "In reality, it is the smallest of our four main income streams. Our budget lives and dies on the health of local businesses."

::: figure wind-turbines
alt: Drawing of a line of wind turbines on a headland above a grey sea
caption: The council's climate action programme has grown faster than any other area of spending.
credit: Illustration: The Lantern / Cormac Fitzgerald
:::

## The line that is growing fastest

The largest budget by far is housing, but it is not the fastest-growing. That title belongs to a line most residents will never have heard of: *climate action and flood resilience*, which sits inside the water and environment programme.

Five years ago, this line did not exist. This year, it is €4.8 million, up from €2.9 million last year, an increase of 66 per cent. It pays for the council's climate action team, flood monitoring on the quays, the emergency pumping crews called out during storm surges, and part of the cost of designing the long-delayed quay flood defence scheme.

The budget document puts it like this:

> Increased frequency of tidal flooding events has required a significant expansion of emergency response capacity, which is expected to remain a recurring cost pending delivery of permanent defences.

In plain terms: until the wall is built, the city will keep paying every year to pump out the water that comes over it.

* * *

## What to watch for next year

Cllr Tadhg Mulcahy, who took over as chair of the council's finance committee last spring, said the draft for next year would be "tight". He expects pressure from rising energy costs at swimming pools and depots, pay increases agreed nationally, and a possible fall in rates income if more retail units close.

"We will be asked to choose between holding services where they are and finding money for the things people have been promised, like the flood defences and the new library in Lisnagree," he said. "We cannot do everything at once."

Councillors can propose changes to the draft, but any increase in one area must be matched by a cut elsewhere or a rise in income. The one lever they control directly is the local property tax rate, which they can vary by up to 15 per cent either way. For the average Kilbrannan household, a 15 per cent increase would mean about €50 a year, and would raise roughly €4.5 million.

We will publish a full breakdown of the draft estimates when they are released.`,
  },
];
