#!/usr/bin/env node
// The installed `dsgrade` command. It exists before the first build, so npm can link it at install time.
import "../dist/src/cli.js";
