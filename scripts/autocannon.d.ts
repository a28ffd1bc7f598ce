/** The part of autocannon's programmatic API that bench-http.ts uses (the package ships no types). */
declare module 'autocannon' {
  interface RawRequest {
    method?: string
    path?: string
    headers?: Record<string, string>
    body?: string
  }
  interface Options {
    url: string
    connections?: number
    duration?: number
    timeout?: number
    requests?: (RawRequest & { setupRequest?: (request: RawRequest) => RawRequest })[]
  }
  interface Histogram {
    average: number
    mean: number
    p50: number
    p99: number
    max: number
    total: number
  }
  interface Result {
    requests: Histogram
    latency: Histogram
    errors: number
    timeouts: number
    non2xx: number
    duration: number
  }
  function autocannon(options: Options): Promise<Result>
  export default autocannon
}
