#!/usr/bin/env node
// A tiny Prisma generator: writes the parsed schema (DMMF) to dmmf.json so the schema
// conformance test can compare schema.prisma with the migrated database without the
// schema engine (which cannot be downloaded on an offline machine).
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

import generatorHelper from "@prisma/generator-helper";

generatorHelper.generatorHandler({
  onManifest: () => ({ prettyName: "DMMF JSON", defaultOutput: "../lib/generated/dmmf" }),
  onGenerate: async (options) => {
    const out = options.generator.output?.value;
    if (!out) throw new Error("dmmf generator: no output directory");
    await mkdir(out, { recursive: true });
    await writeFile(path.join(out, "dmmf.json"), JSON.stringify(options.dmmf.datamodel, null, 2));
  },
});
