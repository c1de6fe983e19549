import type { Language } from '../i18n/strings.ts';

/** The words of polls on the reader's site, in each of the site's languages. */
export interface PollWords {
  readerPoll: string;
  vote: string;
  viewResults: string;
  chooseUpTo: (n: number) => string;
  voters: (n: number) => string;
  votes: (n: number) => string;
  results: string;
  resultsLater: { after_vote: string; after_close: string };
  closed: string;
  closesAt: (when: string) => string;
  notOpenYet: string;
  thanks: string;
  receiptIntro: string;
  receiptKeep: string;
  checkTitle: string;
  checkExplain: string;
  receiptLabel: string;
  check: string;
  onBoard: (seq: number, choices: string, hour: string) => string;
  notOnBoard: string;
  board: string;
  boardExplain: string;
  head: string;
  archiveTitle: string;
  archiveIntro: string;
  noPolls: string;
  refusals: {
    'no-such-poll': string;
    'not-open': string;
    closed: string;
    'sign-in': string;
    'bad-choice': string;
    'already-voted': string;
    throttled: string;
  };
  signInToVote: string;
  youVoted: string;
  /** In the archive, which knows nothing of the reader: who sees an after-vote poll's results. */
  resultsToVoters: string;
}

const en: PollWords = {
  readerPoll: 'Reader poll',
  vote: 'Vote',
  viewResults: 'View results',
  chooseUpTo: (n) => `Choose up to ${n}.`,
  voters: (n) => (n === 1 ? '1 voter' : `${n.toLocaleString('en')} voters`),
  votes: (n) => (n === 1 ? '1 vote' : `${n.toLocaleString('en')} votes`),
  results: 'Results',
  resultsLater: { after_vote: 'The results are shown once you have voted.', after_close: 'The results are shown when the poll closes.' },
  closed: 'This poll has closed.',
  closesAt: (when) => `Closes ${when}.`,
  notOpenYet: 'This poll has not opened yet.',
  thanks: 'Thank you: your vote is counted.',
  receiptIntro: 'Your receipt:',
  receiptKeep: 'Keep it to check later that your vote is on the public list of ballots. It is shown only now, and nobody else has it.',
  checkTitle: 'Check your vote',
  checkExplain: 'Paste your receipt to find your ballot on the public list.',
  receiptLabel: 'Receipt',
  check: 'Check',
  onBoard: (seq, choices, hour) => `Found: ballot ${seq} on the board, for ${choices}, cast in the hour from ${hour}.`,
  notOnBoard: 'That receipt is not on this poll’s board. Check that it was copied whole.',
  board: 'The list of ballots',
  boardExplain: 'Every ballot, as the hash of its receipt and its choices, each linked to the one before. Anyone can download it and count it again.',
  head: 'Latest entry’s hash',
  archiveTitle: 'Reader polls',
  archiveIntro: 'Every poll we have run, with its results and its list of ballots.',
  noPolls: 'No polls yet.',
  refusals: {
    'no-such-poll': 'There is no such poll.',
    'not-open': 'This poll has not opened yet.',
    closed: 'This poll has closed; no more votes are taken.',
    'sign-in': 'Sign in to vote in this poll: it counts one vote per reader account.',
    'bad-choice': 'Choose from the poll’s options (no more than it allows).',
    'already-voted': 'You have already voted in this poll.',
    throttled: 'Too many votes have come from your address just now. Try again in a few minutes.',
  },
  signInToVote: 'Sign in to vote',
  youVoted: 'You have voted.',
  resultsToVoters: 'The results are shown to those who have voted.',
};

const fr: PollWords = {
  readerPoll: 'Sondage des lecteurs',
  vote: 'Voter',
  viewResults: 'Voir les résultats',
  chooseUpTo: (n) => `Choisissez jusqu’à ${n} réponses.`,
  voters: (n) => (n <= 1 ? `${n} votant` : `${n.toLocaleString('fr')} votants`),
  votes: (n) => (n <= 1 ? `${n} voix` : `${n.toLocaleString('fr')} voix`),
  results: 'Résultats',
  resultsLater: { after_vote: 'Les résultats s’affichent une fois que vous avez voté.', after_close: 'Les résultats s’affichent à la clôture du sondage.' },
  closed: 'Ce sondage est clos.',
  closesAt: (when) => `Clôture le ${when}.`,
  notOpenYet: 'Ce sondage n’est pas encore ouvert.',
  thanks: 'Merci : votre vote est compté.',
  receiptIntro: 'Votre reçu :',
  receiptKeep: 'Gardez-le pour vérifier plus tard que votre vote figure sur la liste publique des bulletins. Il n’est affiché qu’une fois et personne d’autre ne l’a.',
  checkTitle: 'Vérifier votre vote',
  checkExplain: 'Collez votre reçu pour retrouver votre bulletin sur la liste publique.',
  receiptLabel: 'Reçu',
  check: 'Vérifier',
  onBoard: (seq, choices, hour) => `Trouvé : bulletin n° ${seq} de la liste, pour ${choices}, déposé dans l’heure de ${hour}.`,
  notOnBoard: 'Ce reçu ne figure pas sur la liste de ce sondage. Vérifiez qu’il a été copié en entier.',
  board: 'La liste des bulletins',
  boardExplain: 'Chaque bulletin, sous forme d’empreinte de son reçu et de ses choix, relié au précédent. Chacun peut la télécharger et recompter.',
  head: 'Empreinte de la dernière entrée',
  archiveTitle: 'Sondages des lecteurs',
  archiveIntro: 'Tous nos sondages, avec leurs résultats et leur liste de bulletins.',
  noPolls: 'Aucun sondage pour l’instant.',
  refusals: {
    'no-such-poll': 'Ce sondage n’existe pas.',
    'not-open': 'Ce sondage n’est pas encore ouvert.',
    closed: 'Ce sondage est clos ; il ne reçoit plus de votes.',
    'sign-in': 'Connectez-vous pour voter : ce sondage compte un vote par compte de lecteur.',
    'bad-choice': 'Choisissez parmi les réponses proposées (pas plus que le nombre permis).',
    'already-voted': 'Vous avez déjà voté à ce sondage.',
    throttled: 'Trop de votes viennent de votre adresse en ce moment. Réessayez dans quelques minutes.',
  },
  signInToVote: 'Se connecter pour voter',
  youVoted: 'Vous avez voté.',
  resultsToVoters: 'Les résultats sont montrés à ceux qui ont voté.',
};

const de: PollWords = {
  readerPoll: 'Leserumfrage',
  vote: 'Abstimmen',
  viewResults: 'Ergebnisse ansehen',
  chooseUpTo: (n) => `Bis zu ${n} Antworten wählbar.`,
  voters: (n) => (n === 1 ? '1 Teilnehmer' : `${n.toLocaleString('de')} Teilnehmende`),
  votes: (n) => (n === 1 ? '1 Stimme' : `${n.toLocaleString('de')} Stimmen`),
  results: 'Ergebnisse',
  resultsLater: { after_vote: 'Die Ergebnisse erscheinen, sobald Sie abgestimmt haben.', after_close: 'Die Ergebnisse erscheinen, wenn die Umfrage endet.' },
  closed: 'Diese Umfrage ist beendet.',
  closesAt: (when) => `Endet am ${when}.`,
  notOpenYet: 'Diese Umfrage hat noch nicht begonnen.',
  thanks: 'Danke: Ihre Stimme ist gezählt.',
  receiptIntro: 'Ihre Quittung:',
  receiptKeep: 'Bewahren Sie sie auf, um später zu prüfen, dass Ihre Stimme auf der öffentlichen Liste steht. Sie wird nur jetzt gezeigt, und niemand sonst hat sie.',
  checkTitle: 'Stimme prüfen',
  checkExplain: 'Fügen Sie Ihre Quittung ein, um Ihren Stimmzettel auf der öffentlichen Liste zu finden.',
  receiptLabel: 'Quittung',
  check: 'Prüfen',
  onBoard: (seq, choices, hour) => `Gefunden: Stimmzettel ${seq} der Liste, für ${choices}, abgegeben in der Stunde ab ${hour}.`,
  notOnBoard: 'Diese Quittung steht nicht auf der Liste dieser Umfrage. Prüfen Sie, ob sie vollständig kopiert wurde.',
  board: 'Die Liste der Stimmzettel',
  boardExplain: 'Jeder Stimmzettel als Hash seiner Quittung und seiner Wahl, jeder mit dem vorigen verkettet. Jede und jeder kann sie herunterladen und nachzählen.',
  head: 'Hash des letzten Eintrags',
  archiveTitle: 'Leserumfragen',
  archiveIntro: 'Alle unsere Umfragen mit ihren Ergebnissen und ihren Stimmlisten.',
  noPolls: 'Noch keine Umfragen.',
  refusals: {
    'no-such-poll': 'Diese Umfrage gibt es nicht.',
    'not-open': 'Diese Umfrage hat noch nicht begonnen.',
    closed: 'Diese Umfrage ist beendet; es werden keine Stimmen mehr angenommen.',
    'sign-in': 'Melden Sie sich an, um abzustimmen: Diese Umfrage zählt eine Stimme pro Leserkonto.',
    'bad-choice': 'Wählen Sie aus den Antworten der Umfrage (nicht mehr als erlaubt).',
    'already-voted': 'Sie haben bei dieser Umfrage schon abgestimmt.',
    throttled: 'Gerade kommen zu viele Stimmen von Ihrer Adresse. Versuchen Sie es in ein paar Minuten wieder.',
  },
  signInToVote: 'Zum Abstimmen anmelden',
  youVoted: 'Sie haben abgestimmt.',
  resultsToVoters: 'Die Ergebnisse sehen alle, die abgestimmt haben.',
};

const es: PollWords = {
  readerPoll: 'Encuesta a los lectores',
  vote: 'Votar',
  viewResults: 'Ver resultados',
  chooseUpTo: (n) => `Elija hasta ${n} respuestas.`,
  voters: (n) => (n === 1 ? '1 votante' : `${n.toLocaleString('es')} votantes`),
  votes: (n) => (n === 1 ? '1 voto' : `${n.toLocaleString('es')} votos`),
  results: 'Resultados',
  resultsLater: { after_vote: 'Los resultados se muestran cuando haya votado.', after_close: 'Los resultados se muestran al cerrar la encuesta.' },
  closed: 'Esta encuesta está cerrada.',
  closesAt: (when) => `Cierra el ${when}.`,
  notOpenYet: 'Esta encuesta aún no está abierta.',
  thanks: 'Gracias: su voto está contado.',
  receiptIntro: 'Su recibo:',
  receiptKeep: 'Guárdelo para comprobar más tarde que su voto está en la lista pública de papeletas. Solo se muestra ahora y nadie más lo tiene.',
  checkTitle: 'Comprobar su voto',
  checkExplain: 'Pegue su recibo para encontrar su papeleta en la lista pública.',
  receiptLabel: 'Recibo',
  check: 'Comprobar',
  onBoard: (seq, choices, hour) => `Encontrada: papeleta ${seq} de la lista, por ${choices}, emitida en la hora de las ${hour}.`,
  notOnBoard: 'Ese recibo no está en la lista de esta encuesta. Compruebe que lo copió entero.',
  board: 'La lista de papeletas',
  boardExplain: 'Cada papeleta, como el hash de su recibo y de su elección, enlazada con la anterior. Cualquiera puede descargarla y volver a contar.',
  head: 'Hash de la última entrada',
  archiveTitle: 'Encuestas a los lectores',
  archiveIntro: 'Todas nuestras encuestas, con sus resultados y su lista de papeletas.',
  noPolls: 'Aún no hay encuestas.',
  refusals: {
    'no-such-poll': 'Esa encuesta no existe.',
    'not-open': 'Esta encuesta aún no está abierta.',
    closed: 'Esta encuesta está cerrada; ya no admite votos.',
    'sign-in': 'Inicie sesión para votar: esta encuesta cuenta un voto por cuenta de lector.',
    'bad-choice': 'Elija entre las respuestas de la encuesta (no más de las permitidas).',
    'already-voted': 'Ya ha votado en esta encuesta.',
    throttled: 'Llegan demasiados votos desde su dirección ahora mismo. Inténtelo de nuevo en unos minutos.',
  },
  signInToVote: 'Iniciar sesión para votar',
  youVoted: 'Ya ha votado.',
  resultsToVoters: 'Los resultados se muestran a quienes han votado.',
};

const ALL: Record<Language, PollWords> = { en, fr, de, es };

export function pollWords(language: string): PollWords {
  return ALL[language as Language] ?? en;
}
