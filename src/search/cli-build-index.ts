import { writeIndex } from './open-searcher.ts'

/** `build-index [--corpus DIR] [--out FILE]`: builds the search index and writes it atomically. */
export async function runBuildIndex(args: string[]): Promise<number> {
  const value = (flag: string) => {
    const at = args.indexOf(flag)
    return at >= 0 ? args[at + 1] : undefined
  }
  const corpusDir = value('--corpus')
  const indexPath = value('--out') ?? 'build/index'
  try {
    const started = performance.now()
    const bundle = await writeIndex({ ...(corpusDir ? { corpusDir } : {}), indexPath })
    const paragraphs = bundle.articles.reduce((sum, article) => sum + article.paragraphs.length, 0)
    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    process.stdout.write(
      `indexed ${bundle.articles.length} articles, ${paragraphs} paragraphs in ${seconds} s -> ${indexPath} (version ${bundle.version})\n`,
    )
    return 0
  } catch (error) {
    process.stderr.write(`build-index: ${(error as Error).message}\n`)
    return 1
  }
}
