import { readFile } from 'node:fs/promises'
import type { Article } from '../corpus/types.ts'

/** One CMRC 2018 question with the article id of its own context and its answer texts. */
export interface CmrcQuestion {
  id: string
  question: string
  articleId: string
  answers: string[]
}

interface CmrcFile {
  data: {
    title: string
    paragraphs: {
      id: string
      context: string
      qas: { id: string; question: string; answers: { text: string }[] }[]
    }[]
  }[]
}

/** Reads a SQuAD-style CMRC 2018 file: each context becomes a one-paragraph article titled by its Wikipedia title. */
export async function loadCmrc(path: string): Promise<{ articles: Article[]; questions: CmrcQuestion[] }> {
  let file: CmrcFile
  try {
    file = JSON.parse(await readFile(path, 'utf8')) as CmrcFile
  } catch (cause) {
    throw new Error(`cannot read the CMRC file ${path}`, { cause })
  }
  if (!Array.isArray(file?.data))
    throw new Error(`${path}: no "data" array (expected SQuAD-style CMRC 2018 JSON)`)
  const articles: Article[] = []
  const questions: CmrcQuestion[] = []
  for (const entry of file.data) {
    for (const paragraph of entry.paragraphs) {
      const articleId = `cmrc-${paragraph.id}`
      articles.push({
        id: articleId,
        title: entry.title,
        source: 'CMRC 2018',
        authors: [],
        raw: { file: path, lines: [1, 1] },
        paragraphs: [paragraph.context],
      })
      for (const qa of paragraph.qas) {
        questions.push({
          id: qa.id,
          question: qa.question,
          articleId,
          answers: qa.answers.map((a) => a.text),
        })
      }
    }
  }
  return { articles, questions }
}
