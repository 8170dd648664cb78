import fs from 'node:fs';
import { renderErrorsDoc } from '../http/errors-doc';

fs.writeFileSync('docs/errors.md', renderErrorsDoc());
console.log('docs/errors.md written');
