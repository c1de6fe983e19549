import type { DemoArticle } from './types.ts';

export const articlesB: DemoArticle[] = [
  {
    slug: 'library-late-hours',
    section: 'news',
    title: 'Central Library to stay open until 9pm on weekdays from next month',
    standfirst:
      'A twelve-month trial funded from the council’s community budget will also bring Sunday afternoon opening to the Haven Street branch for the first time since 2011.',
    authors: ['tomas-okafor'],
    tags: ['libraries', 'city council', 'budget', 'books', 'transport'],
    hoursAgo: 8,
    lead: {
      image: 'library-shelves',
      alt: 'Drawing of tall wooden library shelves lit by warm lamps, with a rolling ladder leaning against them',
      caption: 'The Haven Street reading room will stay open until 9pm from Monday to Friday under the trial.',
      credit: 'Illustration: The Lantern / Cian Mulready',
    },
    body: `Kilbrannan Central Library will open until 9pm on weekdays and from 1pm to 5pm on Sundays from the first of next month, after councillors last night approved a twelve-month trial of extended hours at the Haven Street building.

The change, passed without a vote at the monthly meeting of Kilbrannan City Council, adds nineteen hours to the library’s weekly timetable. It is the first expansion of opening hours at the branch since cuts in 2011 closed it on Sundays and brought weekday closing forward to 6pm.

The trial will cost an estimated €148,000, drawn from the council’s community services budget. Most of that covers the wages of four additional library assistants on fixed-term contracts, with the remainder set aside for heating, lighting and security.

“For a long time the library has been open when people are at work and shut when they are free,” said Deirdre Maguire, the city librarian. “We have students sitting on the steps at half six using the wifi through the door. We can do better than that, and now we are going to.”

## Who asked for it

The proposal came out of a public consultation run last spring, in which the library asked users what they would change. Of just over 2,300 responses, almost two thirds named opening hours as their main complaint. Evening access was the most common request, followed by weekends.

Ms Maguire said the responses came from a broad mix of people:

- secondary and third-level students looking for somewhere quiet to study after school or lectures
- shift workers from the port and the hospital who cannot visit during the day
- parents who want to bring children at weekends
- people without reliable internet at home who use the public computers to apply for jobs or deal with government services

Councillor Padraig Wilde, who chairs the council’s community committee, said the last group had weighed heavily in the decision. “Every form the State sends you now expects you to go online,” he said. “If you don’t have a laptop and a decent connection at home, the library is the only place in the city where you can do that for free, and it has been shut at exactly the times you might need it.”

* * *

Not every councillor was enthusiastic. Councillor Gráinne Tuohy said she supported the idea but questioned whether a one-year trial would give a fair picture. “Habits take time to change,” she told the meeting. “If we judge this on the first few winter months, when it’s dark and wet at six o’clock, we may conclude nobody wants it, when in fact nobody knew about it yet.”

Ms Maguire said the library would publish footfall figures each quarter and that the council had agreed to review the trial at nine months rather than wait for it to end.

::: figure bus-in-rain
alt: Drawing of a double-decker bus pulling up at a rainy stop, its windows glowing yellow
caption: Campaigners want later bus services to match the library’s new evening hours.
credit: Illustration: The Lantern / Aoife Kerrigan
:::

## The last bus question

Some library users say the longer hours will mean little unless public transport keeps pace. The 14 bus, which serves the estates on Ballynure Hill, makes its last run from Saint Enda’s Square at 8.40pm on weekdays — twenty minutes before the library will close.

“It’s great news, honestly,” said Kasia Nowak, a nursing student who studies at the library most afternoons. “But if I stay until nine, I’m walking home up the hill in the dark. I’d love to see the bus company and the council actually talk to each other about this.”

Councillor Wilde said he had written to the regional transport authority to ask whether the last departure could be moved back, and that he expected a reply before the trial began.

The library will also use the extra hours for new programmes, including a homework club on Tuesday and Thursday evenings, a monthly late-night talk series and a Sunday storytime for young children. Details will be posted on the library’s noticeboards and website in the coming weeks.
`,
  },
  {
    slug: 'wind-farm-appeal',
    section: 'news',
    title: 'Fishermen lodge appeal against Carraig Bank offshore wind farm',
    standfirst:
      'The inshore co-operative says the 42-turbine scheme would close some of the richest crab grounds on the coast. The developer says the project has been designed around them.',
    authors: ['niamh-brennan', 'tomas-okafor'],
    tags: ['climate', 'harbour', 'planning', 'fishing', 'city council'],
    hoursAgo: 30,
    lead: {
      image: 'wind-turbines',
      alt: 'Drawing of a row of white wind turbines standing in a grey-green sea under a wide sky',
      caption: 'The Carraig Bank scheme would place 42 turbines between nine and fourteen kilometres off Carraig Head.',
      credit: 'Illustration: The Lantern / Fionn Dalby',
    },
    body: `The Kilbrannan Inshore Fishermen’s Co-operative has lodged a formal appeal against the decision to grant consent for the Carraig Bank wind farm, setting up what is likely to be a lengthy fight over the largest energy project ever proposed off the city’s coast.

The appeal, submitted to the Maritime Planning Appeals Board on Friday, argues that the original decision failed to properly assess the impact of the 42-turbine development on crab and lobster fishing, and that consultation with the fishing community was “late, thin and largely for show”.

The scheme, developed by Brannock Offshore Energy, would be built on a shallow sandbank between nine and fourteen kilometres off Carraig Head. At full output it is expected to generate enough electricity for around 310,000 homes. Consent was granted in the summer, subject to 37 conditions.

## “We are not against wind”

Speaking on the pier at Kilbrannan harbour yesterday morning, the co-operative’s chairman, Seamus Gallen, said the appeal should not be read as opposition to renewable energy.

“Nobody out here is against wind. We see what the weather is doing better than anyone,” he said. “But this bank is where half our members set their pots from April to October. Put cables and exclusion zones across it and you are asking thirty boats to find somewhere else to fish, and there is nowhere else.”

The appeal document sets out three main grounds:

1. That the environmental assessment relied on fishing data from 2016 and 2017 that underestimates current activity on the bank.
2. That the proposed safety zones around each turbine during construction would, in practice, close most of the bank for at least two seasons.
3. That no compensation or co-existence scheme was agreed before consent was granted, contrary to the developer’s own stated commitments.

In one passage, the co-operative quotes from a letter it received from the developer two years ago:

> We are committed to agreeing a fisheries liaison and co-existence plan with local fishers before any application is decided, and to ensuring that no one loses their livelihood as a result of this project.

“That plan never came,” Mr Gallen said. “We had three meetings and a sandwich lunch.”

* * *

## Developer “confident” of outcome

Brannock Offshore Energy said it was disappointed by the appeal but confident the consent would be upheld. In a statement, its project director, Helen Ashcroft, said the turbine layout had been redrawn twice to leave “substantial corridors” open for fishing.

“We have listened to the fishing community at every stage and changed the design because of what they told us,” she said. “Carraig Bank will bring hundreds of construction jobs and dozens of permanent ones to Kilbrannan harbour, and it will make a real contribution to meeting the country’s climate targets. We want to get on with building it.”

The company said that a co-existence plan was “at an advanced stage” and would be finalised before construction began.

::: figure harbour-dawn
alt: Drawing of small fishing boats moored in a harbour at first light, with gulls over the water
caption: About thirty inshore boats work out of Kilbrannan harbour during the crab season.
credit: Illustration: The Lantern / Fionn Dalby
:::

The appeal has divided opinion in the city. The harbour is expected to be the main base for the construction and maintenance of the wind farm, and the Kilbrannan Port Company has described the project as “the most important opportunity for the port in a generation”.

Environmental group Coast Watch Kilbrannan said it supported the wind farm but had sympathy with the fishermen. “The climate emergency is real, and offshore wind is part of the answer,” said its coordinator, Lorna Breheny. “But if the transition is done in a way that tramples on a small coastal community, it will lose the public, and we cannot afford that.”

Kilbrannan City Council, which made a submission in favour of the project during the original process, is expected to discuss the appeal at its next meeting. The Maritime Planning Appeals Board has said it aims to decide appeals within eighteen weeks, although complex cases frequently take longer.
`,
  },
  {
    slug: 'stop-the-road-war',
    section: 'opinion',
    title: 'Cyclists and drivers of Kilbrannan: it is time to call a truce',
    standfirst:
      'Most of us are both, on different days. The real argument is not between bikes and cars but about how little room we have been given to share.',
    authors: ['ruth-delaney'],
    tags: ['cycling', 'transport', 'city council'],
    hoursAgo: 58,
    lead: {
      image: 'bicycle-lane',
      alt: 'Drawing of a painted cycle lane running beside a line of parked cars on a narrow city street',
      caption: 'The new cycle lane on Castlegate has become the most argued-about strip of paint in the city.',
      credit: 'Illustration: The Lantern / Maeve Ostrander',
    },
    body: `I have been shouted at on Castlegate twice this month. Once by a man in a van who felt I was taking up too much of the road on my bike, and once, four days later, by a young woman on a bike who felt I had opened my car door without looking. She was right. He was wrong. I was the same person both times.

That, I think, is the thing we forget in the endless argument about who owns Kilbrannan’s streets. There is no tribe of cyclists and tribe of drivers, glaring at one another across the white line. There are just people, most of whom drive some days, cycle or walk other days, and catch the bus when it rains. Yet to read the letters page — including, I admit, ours — you would think a civil war had broken out.

* * *

## How we got here

The new lane on Castlegate, opened in the spring, has become the front line. Nineteen parking spaces were removed to make room for it. Traders say they have lost passing custom. Parents say their children can finally cycle to school. A petition to remove it gathered 1,400 signatures; a counter-petition to keep it gathered 1,700. Both sides now quote their numbers at each other like football scores.

I spent a morning last week standing at the junction with Tobar Lane, watching. What I saw was not war. It was mostly patience, with the occasional flash of bad temper. A delivery driver waited for a mother with a child seat to pass before pulling out. A teenager on an electric scooter went through a red light and was tutted at by a cyclist. A bus squeezed past a parked car with perhaps six inches to spare, while everyone held their breath.

The tension, in other words, does not come from the people. It comes from the space. Castlegate is a medieval street being asked to carry twenty-first-century traffic, and every square metre given to one use is taken from another. Of course people are frustrated. The street is too small for what we want from it.

::: pullquote
The enemy is a plan that gives us both a bit of paint and tells us to sort it out among ourselves.
— Eoin Prendergast, bicycle mechanic and van driver
:::

## What a truce would look like

Eoin Prendergast, who runs the bicycle repair shop on Tobar Lane and also drives a van for his business, put it better than I could when I asked him about the row. “The bike lane isn’t the enemy of the van and the van isn’t the enemy of the bike,” he said. “The enemy is a plan that gives us both a bit of paint and tells us to sort it out among ourselves.”

So here is what I would ask of all of us, on wheels of whatever number:

- Assume the person in front of you is in a hurry for a good reason, not because they are selfish.
- Look before you open the door. Signal before you turn. Stop at the red light, even on a bike, even when the road is empty.
- Save the fury for the council meeting, where it can actually change something.

And here is what I would ask of Kilbrannan City Council. Stop treating each scheme as a separate skirmish. The city has never published a proper plan for how people should move around its centre — where the buses go, where deliveries stop, where bikes can travel safely, where cars can park. Instead we get a lane here, a bollard there, and a consultation every eighteen months that makes everyone feel unheard.

::: figure bus-in-rain
alt: Drawing of a bus at a stop in heavy rain, with a cyclist in a hooded jacket waiting beside it
caption: Most people in Kilbrannan switch between driving, cycling, walking and the bus depending on the day.
credit: Illustration: The Lantern / Maeve Ostrander
:::

Councillor Aisling Farrow, who chairs the transport committee, told me last week that such a plan is “in preparation”. I hope so. Until it arrives, the arguments on Castlegate will go on, and the shouting will continue to be aimed in the wrong direction.

I will keep cycling on Castlegate, and I will keep driving down it when I have to carry something heavy. I would like to do both without being treated as a traitor by one half of the city. I suspect most of you would too.
`,
  },
  {
    slug: 'local-papers-closed',
    section: 'analysis',
    title: 'Twenty years, eleven titles gone: the slow emptying of our local press',
    standfirst:
      'A Lantern count of newspapers in Kilbrannan and the surrounding county finds that more than half the titles printed in 2004 no longer exist. What replaced them is much thinner.',
    authors: ['declan-moyo', 'niamh-brennan'],
    tags: ['media', 'journalism', 'data', 'city council'],
    hoursAgo: 90,
    lead: {
      image: 'newsroom-desk',
      alt: 'Drawing of a cluttered newsroom desk with an old typewriter, a stack of newspapers and a cold cup of tea',
      caption: 'In 2004 the county supported 21 regularly published newspapers. Today there are ten.',
      credit: 'Illustration: The Lantern / Cian Mulready',
    },
    body: `In 2004, a reader in Kilbrannan or its surrounding county could choose from 21 regularly published local newspapers: two dailies, fourteen weeklies and five free sheets. Today there are ten. One of the dailies has become a weekly, the other has gone. Of the fourteen weeklies, seven remain.

Those figures come from a count The Lantern has compiled over the past three months, using archive holdings at Kilbrannan Central Library, trade directories, company filings and interviews with former editors and owners. We counted a title as active if it published at least twice a month with original local reporting. We did not count newsletters, parish bulletins or purely online outlets, which we discuss separately below.

The picture that emerges is not one of sudden collapse, but of steady erosion.

## The numbers

Across the two decades, eleven titles closed outright and none were founded in print. The closures came in three distinct waves:

- **2008 to 2011:** four titles closed, mostly free sheets that depended entirely on property and motoring advertising, both of which collapsed in the crash.
- **2014 to 2017:** three weeklies closed after being bought by larger groups, which merged them into regional editions printed elsewhere.
- **2020 to 2023:** four more titles closed, including the *Kilbrannan Evening Courier*, which had published six days a week since 1887.

::: figure housing-chart
alt: Drawing of a simple bar chart with bars that grow steadily shorter from left to right
caption: Number of active local newspaper titles in Kilbrannan and the county, 2004 to the present.
credit: Illustration: The Lantern / Aoife Kerrigan
:::

The number of people employed to report on the area has fallen even faster than the number of titles. Based on mastheads and staff lists, we estimate that around 140 journalists worked on local papers in the county in 2004. Today the figure is closer to 45, and several of those cover three or four towns at once.

* * *

## What was lost

Brid Hanratty edited the *Courier* for its last nine years. She still has the final front page framed in her kitchen. “What people don’t realise is that the big stories were never really the point,” she said. “The point was the court list every week, the planning applications, the council committees nobody else sat through. That is what disappears first, and nobody notices until it is too late.”

That pattern is visible in the records. In 2004, council meetings in Kilbrannan were routinely attended by four or five reporters. For most of last year, according to the council’s own attendance logs, press seating at committee meetings was empty more often than not.

Councillor Tom Reidy, who has sat on the council since 2002, said the difference was noticeable. “You used to choose your words carefully because you knew they would be in the paper on Thursday,” he said. “Now you could say nearly anything at a committee meeting and the only record is the minutes, which nobody reads.”

## What has replaced them

Seven online-only outlets have launched in the county in the period, of which four are still running. Most are run by one or two people, often alongside other jobs. Facebook community groups, with tens of thousands of members between them, now serve as the main source of local information for many residents, according to a survey carried out last year by the communications department at Kilbrannan Institute of Technology.

Dr Femi Adeyemi, who led that survey, cautioned against simply blaming the internet. “Social media filled a gap, but it didn’t create it,” he said. “The advertising model was already breaking. What social media offers is conversation. What it doesn’t offer is someone paid to go and check.”

> Local journalism is not a luxury. It is part of how a community knows what is being done in its name.

Those words come from the *Courier*’s final editorial, written by Ms Hanratty. She says she still believes them. “I just don’t know who is going to pay for it,” she said.

*Methodology: the full list of titles counted, with dates of closure and sources, is available on request from the data desk.*
`,
  },
  {
    slug: 'high-street-quiet-decline',
    section: 'opinion',
    title: 'The quiet decline of the high street, one shuttered window at a time',
    standfirst:
      'Main Street has not died. It has been slowly hollowed out, and the reasons have more to do with rents and empty upstairs rooms than with online shopping.',
    authors: ['ruth-delaney'],
    tags: ['shops', 'housing', 'city council', 'budget'],
    hoursAgo: 130,
    lead: {
      image: 'coastal-town',
      alt: 'Drawing of a seaside main street with painted shopfronts, some with their shutters pulled down',
      caption: 'Of the 64 ground-floor units on Main Street, 17 are currently vacant.',
      credit: 'Illustration: The Lantern / Maeve Ostrander',
    },
    body: `There is no single day when a high street dies. There is no ribbon cut in reverse, no closing ceremony. Instead, one Tuesday you notice that the shoe repair place has a sign in the window thanking customers for thirty-one years. A month later the sign is gone and the window is papered over. A year later it is a vape shop, and a year after that it is empty again.

Walk the length of Kilbrannan’s Main Street, from the clock tower to the quay, and count. I did, last Saturday. Of the 64 ground-floor units, 17 were vacant. Another nine were charity shops, bookmakers or phone repair counters — all useful to someone, none of them the reason you would make a trip into town. Twenty years ago, I am told by those who remember, you could have counted the empty units on one hand.

* * *

## It is not just the internet

The easy explanation is that we all buy everything online now, and there is some truth in that. But it does not explain why the chemist, the butcher and the hardware shop — businesses whose customers still walk in the door — have also been closing.

Marian Coakley ran a hardware shop at the quay end of Main Street for twenty-two years before closing it last winter. She was clear about why. “I had the customers,” she told me. “What I didn’t have was a rent I could pay. The building was sold to a fund in Dublin, and the new lease came in at nearly double. I did the sums for a week and then I put up the sign.”

Her story is not unusual. Several of the largest buildings on Main Street are now owned by investors who live nowhere near Kilbrannan. For some of them, a unit left empty at a high notional rent is worth more on paper than one let cheaply to a local trader. The street suffers; the balance sheet does not.

::: figure bookshop-front
alt: Drawing of a small independent shopfront with a striped awning and books stacked in the window
caption: Independent traders say the rates and rent burden falls hardest on small shops.
credit: Illustration: The Lantern / Maeve Ostrander
:::

## The empty rooms upstairs

Then there is the matter of the upstairs. Look above the shopfronts on Main Street and you will see row after row of dark windows. These are rooms where, two generations ago, shopkeepers and their families lived. Today most of them stand empty, used for storage or not used at all.

In a city where young people cannot find anywhere to rent, that is remarkable. Kilbrannan City Council’s own survey, published last year, estimated that there are around 120 vacant upper floors in the city centre that could, with work, become homes. So far, grants to convert them have been taken up by exactly four owners.

People living above the shops would do more for Main Street than any festival or parking promotion. They buy their bread and milk locally. They keep the street lit and watched after six o’clock. They give the cafés a reason to stay open in the evening.

::: pullquote
A street that nobody lives on is a street that closes at half five.
— Marian Coakley, former owner of Coakley’s Hardware
:::

## What could be done

None of this is beyond fixing, but it needs more than goodwill. The council could do several things tomorrow:

- Publish a register of vacant units and who owns them, so that the public can see where the problem lies.
- Make the grants for converting upper floors simpler and better advertised; the current application runs to forty pages.
- Press for a vacancy levy on units left empty for more than a year, as other councils have begun to do.

We, as shoppers, have a part to play too. Every time I buy a book online that I could have bought from a shop on Main Street, I am casting a small vote for the street I say I do not want.

The high street has not died. But it is quieter every year, and quiet, left long enough, becomes silence.
`,
  },
  {
    slug: 'review-the-salt-road',
    section: 'culture',
    title: 'Review: The Salt Road is a storm of a play that almost sinks under its own weight',
    standfirst:
      'The Quayside Players’ ambitious new drama about a family and a flooded harbour has moments of real power, and a final act that needs another draft.',
    authors: ['tomas-okafor'],
    tags: ['arts', 'theatre', 'harbour', 'climate'],
    hoursAgo: 190,
    lead: {
      image: 'theatre-stage',
      alt: 'Drawing of a dimly lit stage with a wooden jetty and a single figure standing at its edge',
      caption: 'The set, a broken jetty that tilts as the play goes on, is the production’s most striking achievement.',
      credit: 'Illustration: The Lantern / Fionn Dalby',
    },
    body: `There is a moment, about forty minutes into *The Salt Road*, when the lights drop to a deep green and the sound of water begins to rise beneath the seats of the Harbour Playhouse. On the stage, the matriarch of the Cuddihy family stands at the end of a wooden jetty and refuses, quite calmly, to leave her house. The audience on the night I attended went completely silent. It is one of the most gripping scenes I have seen on a Kilbrannan stage in years.

It is a pity, then, that the play around it cannot quite hold its shape.

*The Salt Road*, written by local playwright Conall Derrane and staged by the Quayside Players, is set in a fictional fishing village a few miles up the coast from the city during a single winter of storms. The Cuddihys have lived in the same house by the harbour for four generations. The county council wants to move them, and the rest of the street, to new homes on higher ground. Some of the family want to go. Others would rather drown.

* * *

## A family at sea

The strength of the play lies in its first half, where Derrane takes his time letting us into the family. Bríd Cuddihy, played with granite dignity by Philomena Roche, is a widow who has buried a husband and a son at sea and will not surrender the one thing the sea has left her. Her daughter Sinéad, a nurse who commutes into the city, is exhausted by her mother’s stubbornness and quietly terrified of losing her.

Their scenes together are superb. Roche barely raises her voice all evening, and she does not need to. Aoibheann Lally, as Sinéad, gives the more difficult performance — the reasonable one, the one who is right — and makes it feel anything but dull.

::: pullquote
The sea took everything else. It can have the house when it takes me with it.
— Bríd Cuddihy, in The Salt Road
:::

Derrane has a fine ear for the way people in this part of the world talk around the thing they mean, and the first act is full of small, funny exchanges about tea, the weather and who said what at the funeral that do much of the play’s emotional work.

::: figure flooded-quay
alt: Drawing of a flooded quayside with water lapping over the stone edge and lamp posts reflected in it
caption: The play’s storm sequences draw clearly on the flooding of Kilbrannan’s own quays three winters ago.
credit: Illustration: The Lantern / Fionn Dalby
:::

## Where it loses its way

The trouble begins after the interval. A subplot involving a council engineer and a long-hidden family secret arrives late, is explained at length and does little but delay the ending. Characters who were drawn with care in the first half begin to deliver speeches, several of them about climate policy, that feel written for the audience rather than for each other. The final twenty minutes contain at least two places where the play could have ended, and more powerfully than it does.

Director Yvonne Kinsella, in a programme note, describes the play as “a story about what we owe to places and what they owe us”. That is a rich idea, and she stages it handsomely. Designer Ciarán Bolger’s jetty, which tilts by degrees over the course of the evening until the actors are playing on a slope, is a small marvel, and the sound design is genuinely unsettling.

Speaking after the show, Derrane said the play was still evolving. “It was written fast, in the year after the floods, because I was angry,” he said. “Some of that anger is still on the page. Maybe too much of it.”

Flaws and all, this is a production worth seeing, not least because it is trying to say something about the city we actually live in. Go for Philomena Roche, for the jetty and for that extraordinary green-lit silence. Forgive the last act.

*The Salt Road runs at the Harbour Playhouse, Quay Street, until the end of the month. Tickets from the box office.*
`,
  },
  {
    slug: 'tideline-books-at-fifty',
    section: 'culture',
    title: 'Tideline Books at fifty: the seaside shop that refused to close',
    standfirst:
      'It has survived two recessions, a flood, the arrival of the chain stores and the rise of online shopping. Its owner says the secret is simple: people still like to be recommended a book by someone who has read it.',
    authors: ['ruth-delaney', 'tomas-okafor'],
    tags: ['books', 'shops', 'arts'],
    hoursAgo: 300,
    lead: {
      image: 'bookshop-front',
      alt: 'Drawing of a narrow bookshop with a blue-painted front, a bench outside and books piled in the window',
      caption: 'Tideline Books has occupied the same narrow building on Strand Road since 1975.',
      credit: 'Illustration: The Lantern / Aoife Kerrigan',
    },
    body: `The bell above the door at Tideline Books has a crack in it. It has had one since 1989, when a customer caught it with an umbrella, and it has never been replaced. Orla Heffernan says she would not dream of it. “People would think we had been sold,” she says.

Tideline, which sits in a narrow blue-fronted building on Strand Road, a hundred metres from the sea wall, turns fifty this month. It was opened in the autumn of 1975 by Orla’s parents, Michael and Nuala Heffernan, a schoolteacher and a former librarian who spent their savings on the lease and four hundred second-hand paperbacks. Orla took it over in 2002. She has worked in it, one way or another, since she was tall enough to reach the till.

* * *

## Surviving the hard years

It has not been an easy half-century. The shop has come close to closing at least three times, Orla says: in the early eighties, when the recession emptied the streets; in 2009, when the arrival of a chain bookstore at the new retail park on the edge of the city took a third of its takings within a year; and in the winter of the great storm, when seawater came in under the door and destroyed most of the children’s section.

“That was the one that nearly finished us,” she says. “I stood in here at six in the morning in my wellies, with paperbacks floating past, and I thought: well, that’s that.”

It wasn’t. Within two days, regular customers had turned up with mops, hairdryers and bin bags. A fundraiser organised by the school at the end of the road raised enough to replace the stock. The shop was open again within three weeks.

::: pullquote
A town without a bookshop is a town that has stopped talking to itself.
— Orla Heffernan, owner of Tideline Books
:::

## The art of the recommendation

Ask regulars why they keep coming back and the answer is almost always the same: Orla, and her small staff, have read the books.

“I came in once asking for something to read on holiday and left with a Hungarian novel I’d never heard of,” says Gerard Fennelly, a retired harbour pilot who has been a customer since the seventies. “She was right. She usually is. You don’t get that from an algorithm.”

The shop’s handwritten recommendation cards, clipped to the shelves with wooden clothes pegs, have become something of a local institution. Some of them are decades old. One, for a long out-of-print collection of island folk tales, is in Nuala Heffernan’s handwriting and has never been moved.

Tideline also hosts a monthly book club, readings by visiting writers and a Saturday morning story hour that has been running, with interruptions, since 1978. Several local authors, including the novelist Ailbhe Corcoran, gave their first public readings among its shelves.

“It was nine people and a dog,” Corcoran recalls of her first reading in 1998. “Orla’s mother made tea in a pot the size of a bucket. I have read in much bigger places since, but I have never been so nervous or so well looked after.”

::: figure coastal-town
alt: Drawing of a seafront road lined with small painted shops, with the sea wall and a lighthouse beyond
caption: Strand Road has lost most of its other independent shops over the past twenty years.
credit: Illustration: The Lantern / Aoife Kerrigan
:::

## What comes next

The anniversary will be marked with a week of events, including an evening of readings on Saturday and a free exhibition of photographs from the shop’s early years in the back room.

Orla is frank that the future is not guaranteed. Rents on Strand Road have risen sharply, and most of the shops that stood alongside Tideline when it opened — a drapers, a butcher, a record shop — have long gone. She has no plans to retire, but she does not know who will take over when she does.

“I’d like it to go on,” she says. “I think the town would like it to go on. But a shop like this only survives if people walk in the door. That’s the whole secret, really. There isn’t another one.”

Then the cracked bell rings, and she goes to see who it is.
`,
  },
];
