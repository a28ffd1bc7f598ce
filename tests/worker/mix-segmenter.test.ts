import { readFile } from 'node:fs/promises'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadArticles } from '../../src/corpus/load-corpus.ts'
import { createJiebaSegmenter } from '../../src/search/jieba-segmenter.ts'
import { createNormalizer } from '../../src/search/normalize.ts'
import type { Segmenter } from '../../src/search/tokenizer.ts'
import { buildSegmentationModel } from '../../src/worker/build-segmentation-model.ts'
import { createMixSegmenter, type SegmentationModel } from '../../src/worker/mix-segmenter.ts'
import { parseWorkerIndex, WorkerIndexError } from '../../src/worker/worker-index.ts'

const USER_DICT = 'corpus/dict/user-dict.txt'
const normalize = createNormalizer()

let texts: string[]
let model: SegmentationModel
let jieba: Segmenter

beforeAll(async () => {
  const articles = await loadArticles()
  const questions = (await readFile('../shared/eval/qa-public.jsonl', 'utf8'))
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => (JSON.parse(line) as { q: string }).q)
  texts = [...articles.flatMap((article) => [article.title, ...article.paragraphs]), ...questions].map(
    normalize,
  )
  model = await buildSegmentationModel({ userDictPath: USER_DICT, texts })
  jieba = createJiebaSegmenter({ userDictPath: USER_DICT })
})

describe('createMixSegmenter', () => {
  it('cuts every corpus paragraph and public question exactly as nodejieba does', () => {
    const segment = createMixSegmenter(model)
    const differences = texts.filter((text) => segment(text).join('|') !== jieba(text).join('|'))
    expect(differences).toEqual([])
  })

  it('keeps numbers, percentages and unknown names as nodejieba does', () => {
    const segment = createMixSegmenter(model)
    for (const text of ['同比增长45.4%', '“陆港”怀化', '毛伟明在车间', 'covid-19疫情', '5g网络']) {
      expect(segment(text)).toEqual(jieba(text))
    }
    expect(segment('同比增长45.4%')).toEqual(['同比', '增长', '45.4', '%'])
  })
})

describe('parseWorkerIndex', () => {
  it('refuses an artefact that is not JSON or has another format, saying how to rebuild it', () => {
    expect(() => parseWorkerIndex('{', 'x.txt')).toThrow(WorkerIndexError)
    expect(() => parseWorkerIndex('{"format":"old"}', 'x.txt')).toThrow(/npm run build:worker/)
  })
})
