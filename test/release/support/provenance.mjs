// Runs the provenance check of n8n's community-package scanner (@n8n/scan-community-package) on a
// registry document: the scanner's own function, which it applies to the registry's metadata of
// the version it scans. A separate Node process because the scanner is an ES module.
//
// Input (argv[2]): JSON {"metadata": {...}, "version": "x.y.z"}
// Output (stdout): JSON {"passed": boolean, "message"?: string}
import { checkPackageProvenance } from '@n8n/scan-community-package/scanner/provenance.mjs';

const { metadata, version } = JSON.parse(process.argv[2]);
process.stdout.write(JSON.stringify(checkPackageProvenance(metadata, version)));
