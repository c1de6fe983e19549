/**
 * The words of the reader's site, in each language the site can be set to.
 * The newsroom (/admin) is in English. To add a language, copy `en` and
 * translate every entry; the type makes sure nothing is left out.
 */
export interface SiteStrings {
  skipToContent: string;
  search: string;
  searchArticles: string;
  sectionsNav: string;
  footerNav: string;
  rssFeed: string;
  atomFeed: string;
  yourAccount: string;
  colophon: string;
  justIn: string;
  topics: string;
  newer: string;
  older: string;
  pages: string;
  pageOf: (n: number, total: number) => string;
  and: string;
  by: string;
  minRead: (n: number) => string;
  share: string;
  shareThisArticle: string;
  print: string;
  previous: string;
  next: string;
  previousAndNext: string;
  related: string;
  comments: string;
  history: string;
  moreFrom: (site: string) => string;
  leadStory: string;
  latest: string;
  nothingPublished: string;
  noArticlesHere: string;
  sectionKicker: string;
  topicKicker: string;
  authorKicker: string;
  articlesAbout: (tag: string) => string;
  searchResultsFor: (q: string) => string;
  matches: (n: number) => string;
  noMatches: string;
  searchInstead: string;
  frontPage: string;
  error: (status: number) => string;
  photo: string;
}

const en: SiteStrings = {
  skipToContent: 'Skip to content',
  search: 'Search',
  searchArticles: 'Search articles',
  sectionsNav: 'Sections',
  footerNav: 'Footer',
  rssFeed: 'RSS feed',
  atomFeed: 'Atom feed',
  yourAccount: 'Your account',
  colophon: 'Published with Samizdat. No trackers, no third-party scripts.',
  justIn: 'Just in',
  topics: 'Topics',
  newer: '← Newer',
  older: 'Older →',
  pages: 'Pages',
  pageOf: (n, total) => `Page ${n} of ${total}`,
  and: 'and',
  by: 'By',
  minRead: (n) => `${n} min read`,
  share: 'Share',
  shareThisArticle: 'Share this article',
  print: 'Print',
  previous: 'Previous',
  next: 'Next',
  previousAndNext: 'Previous and next articles',
  related: 'Related',
  comments: 'Comments',
  history: 'History of this article',
  moreFrom: (site) => `More from ${site}`,
  leadStory: 'Lead story',
  latest: 'Latest',
  nothingPublished: 'Nothing has been published yet.',
  noArticlesHere: 'No articles here yet.',
  sectionKicker: 'Section',
  topicKicker: 'Topic',
  authorKicker: 'Author',
  articlesAbout: (tag) => `Articles about ${tag}.`,
  searchResultsFor: (q) => `Search results for “${q}”`,
  matches: (n) => `${n} ${n === 1 ? 'article matches' : 'articles match'} your search.`,
  noMatches: 'No articles match your search.',
  searchInstead: 'Search the site instead',
  frontPage: 'Go to the front page',
  error: (status) => `Error ${status}`,
  photo: 'Photo',
};

const fr: SiteStrings = {
  skipToContent: 'Aller au contenu',
  search: 'Rechercher',
  searchArticles: 'Rechercher des articles',
  sectionsNav: 'Rubriques',
  footerNav: 'Pied de page',
  rssFeed: 'Flux RSS',
  atomFeed: 'Flux Atom',
  yourAccount: 'Votre compte',
  colophon: 'Publié avec Samizdat. Sans pisteurs ni scripts tiers.',
  justIn: 'À l’instant',
  topics: 'Thèmes',
  newer: '← Plus récents',
  older: 'Plus anciens →',
  pages: 'Pages',
  pageOf: (n, total) => `Page ${n} sur ${total}`,
  and: 'et',
  by: 'Par',
  minRead: (n) => `${n} min de lecture`,
  share: 'Partager',
  shareThisArticle: 'Partager cet article',
  print: 'Imprimer',
  previous: 'Précédent',
  next: 'Suivant',
  previousAndNext: 'Articles précédent et suivant',
  related: 'À lire aussi',
  comments: 'Commentaires',
  history: 'Historique de cet article',
  moreFrom: (site) => `Plus de ${site}`,
  leadStory: 'À la une',
  latest: 'Les plus récents',
  nothingPublished: 'Rien n’a encore été publié.',
  noArticlesHere: 'Pas encore d’articles ici.',
  sectionKicker: 'Rubrique',
  topicKicker: 'Thème',
  authorKicker: 'Auteur',
  articlesAbout: (tag) => `Articles sur le thème ${tag}.`,
  searchResultsFor: (q) => `Résultats pour « ${q} »`,
  matches: (n) => `${n} ${n === 1 ? 'article correspond' : 'articles correspondent'} à votre recherche.`,
  noMatches: 'Aucun article ne correspond à votre recherche.',
  searchInstead: 'Rechercher plutôt sur le site',
  frontPage: 'Aller à la une',
  error: (status) => `Erreur ${status}`,
  photo: 'Photo',
};

const de: SiteStrings = {
  skipToContent: 'Zum Inhalt springen',
  search: 'Suchen',
  searchArticles: 'Artikel durchsuchen',
  sectionsNav: 'Ressorts',
  footerNav: 'Fußzeile',
  rssFeed: 'RSS-Feed',
  atomFeed: 'Atom-Feed',
  yourAccount: 'Ihr Konto',
  colophon: 'Veröffentlicht mit Samizdat. Keine Tracker, keine Skripte von Dritten.',
  justIn: 'Soeben erschienen',
  topics: 'Themen',
  newer: '← Neuere',
  older: 'Ältere →',
  pages: 'Seiten',
  pageOf: (n, total) => `Seite ${n} von ${total}`,
  and: 'und',
  by: 'Von',
  minRead: (n) => `${n} Min. Lesezeit`,
  share: 'Teilen',
  shareThisArticle: 'Diesen Artikel teilen',
  print: 'Drucken',
  previous: 'Vorheriger',
  next: 'Nächster',
  previousAndNext: 'Vorheriger und nächster Artikel',
  related: 'Mehr zum Thema',
  comments: 'Kommentare',
  history: 'Versionsgeschichte dieses Artikels',
  moreFrom: (site) => `Mehr von ${site}`,
  leadStory: 'Aufmacher',
  latest: 'Neueste',
  nothingPublished: 'Noch ist nichts erschienen.',
  noArticlesHere: 'Hier gibt es noch keine Artikel.',
  sectionKicker: 'Ressort',
  topicKicker: 'Thema',
  authorKicker: 'Autor',
  articlesAbout: (tag) => `Artikel zum Thema ${tag}.`,
  searchResultsFor: (q) => `Suchergebnisse für „${q}“`,
  matches: (n) => `${n} ${n === 1 ? 'Artikel passt' : 'Artikel passen'} zu Ihrer Suche.`,
  noMatches: 'Keine Artikel passen zu Ihrer Suche.',
  searchInstead: 'Stattdessen die Website durchsuchen',
  frontPage: 'Zur Startseite',
  error: (status) => `Fehler ${status}`,
  photo: 'Foto',
};

const es: SiteStrings = {
  skipToContent: 'Saltar al contenido',
  search: 'Buscar',
  searchArticles: 'Buscar artículos',
  sectionsNav: 'Secciones',
  footerNav: 'Pie de página',
  rssFeed: 'Canal RSS',
  atomFeed: 'Canal Atom',
  yourAccount: 'Tu cuenta',
  colophon: 'Publicado con Samizdat. Sin rastreadores ni scripts de terceros.',
  justIn: 'Última hora',
  topics: 'Temas',
  newer: '← Más recientes',
  older: 'Más antiguos →',
  pages: 'Páginas',
  pageOf: (n, total) => `Página ${n} de ${total}`,
  and: 'y',
  by: 'Por',
  minRead: (n) => `${n} min de lectura`,
  share: 'Compartir',
  shareThisArticle: 'Compartir este artículo',
  print: 'Imprimir',
  previous: 'Anterior',
  next: 'Siguiente',
  previousAndNext: 'Artículos anterior y siguiente',
  related: 'Relacionados',
  comments: 'Comentarios',
  history: 'Historial de este artículo',
  moreFrom: (site) => `Más de ${site}`,
  leadStory: 'Noticia principal',
  latest: 'Lo último',
  nothingPublished: 'Todavía no se ha publicado nada.',
  noArticlesHere: 'Todavía no hay artículos aquí.',
  sectionKicker: 'Sección',
  topicKicker: 'Tema',
  authorKicker: 'Autor',
  articlesAbout: (tag) => `Artículos sobre ${tag}.`,
  searchResultsFor: (q) => `Resultados de búsqueda para «${q}»`,
  matches: (n) => `${n} ${n === 1 ? 'artículo coincide' : 'artículos coinciden'} con tu búsqueda.`,
  noMatches: 'Ningún artículo coincide con tu búsqueda.',
  searchInstead: 'Busca en el sitio',
  frontPage: 'Ir a la portada',
  error: (status) => `Error ${status}`,
  photo: 'Foto',
};

export const LANGUAGES = { en: 'English', fr: 'Français', de: 'Deutsch', es: 'Español' } as const;
export type Language = keyof typeof LANGUAGES;

const ALL: Record<Language, SiteStrings> = { en, fr, de, es };

export function stringsFor(language: string): SiteStrings {
  return ALL[language as Language] ?? en;
}
