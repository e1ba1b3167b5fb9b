// Run by credentials.test.ts in a child process (so NODE_EXTRA_CA_CERTS can
// trust the Entra emulator's certificate): prints azureToken's answer as JSON.
import { azureToken } from "../../../../src/deliver/cloud/azure/credentials.js";

const [scope, envJson] = process.argv.slice(2);
const answer = await azureToken(scope!, { env: JSON.parse(envJson!) as Record<string, string> });
process.stdout.write(JSON.stringify(answer));
