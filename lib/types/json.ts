// What a value becomes after JSON.stringify and JSON.parse: the browser's view of a server
// type. Response types are derived from the server's own types with it, never hand-copied.
export type Jsonify<T> = T extends Date
  ? string
  : T extends string | number | boolean | null
    ? T
    : T extends undefined | ((...args: never[]) => unknown)
      ? never
      : T extends readonly (infer U)[]
        ? Jsonify<U>[]
        : T extends object
          ? {
              [K in keyof T as T[K] extends (...args: never[]) => unknown ? never : K]: Jsonify<
                T[K]
              >;
            }
          : never;
