/** The source of an article whose file names no publication (ingest warns; correct it by hand or with --source). */
export const UNKNOWN_SOURCE = '来源未注明'

/** The title of a photo printed with only a caption: the caption is its text, not its headline. */
export const PHOTO_NEWS_TITLE = '图片新闻'

/** Appended to the title of an article continued from another page (its first heading or sentence). */
export const CONTINUED_MARK = '（续）'

/** Where an article came from: the raw file (relative to corpus/raw) and its 1-based inclusive line range. */
export interface RawSpan {
  file: string
  lines: [number, number]
}

/** Everything known about an article except its body. */
export interface ArticleMeta {
  /** Stable id, derived from the raw file name and the article's position/title; safe in URLs and file names. */
  id: string
  /** Headline as printed. */
  title: string
  /** Subtitle or kicker as printed (e.g. "——访省水利厅党组书记罗毅君"). */
  subtitle?: string
  /** Kicker or column name printed above the headline (e.g. "三湘时评"). */
  kicker?: string
  /** The publication or issuing body (湖南日报, 湘潭市民政局, 新浪财经（转载湖南日报）...). */
  source: string
  /** ISO date (YYYY-MM-DD) where the source gives one. */
  date?: string
  /** Reporters, correspondents, photographers, commentators as printed. */
  authors: string[]
  url?: string
  /** Set when the article continues from another page, e.g. "上接1版". */
  continuation?: string
  raw: RawSpan
}

/** A clean article: metadata plus whole paragraphs of the original, in order. */
export interface Article extends ArticleMeta {
  paragraphs: string[]
}
