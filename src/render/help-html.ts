import type { EnglishTexts } from '../../prompts/en.ts'
import { type CorpusFacts, type Texts, zh } from '../../prompts/zh.ts'
import type { CorpusStats } from '../search/types.ts'
import { escapeHtml } from './telegram-html.ts'

/** The corpus facts the help texts state, escaped for HTML. */
export function corpusFacts(stats: CorpusStats): CorpusFacts {
  return {
    articles: stats.articles,
    paragraphs: stats.paragraphs,
    dateFrom: stats.dates.from,
    dateTo: stats.dates.to,
    sourcesHtml: stats.sources.map(escapeHtml),
  }
}

/** /start: a short greeting; the examples come as buttons. */
export function renderStartHtml(botUsername: string, texts: Texts = zh): string {
  return texts.start(escapeHtml(botUsername))
}

/** /help: what the bot answers, how to ask, examples. */
export function renderHelpHtml(
  stats: CorpusStats,
  botUsername: string,
  texts: Pick<Texts | EnglishTexts, 'help'> = zh,
): string {
  return texts.help(corpusFacts(stats), escapeHtml(botUsername))
}

/** /about: the corpus and where it comes from. */
export function renderAboutHtml(stats: CorpusStats, texts: Pick<Texts | EnglishTexts, 'about'> = zh): string {
  return texts.about(corpusFacts(stats))
}
