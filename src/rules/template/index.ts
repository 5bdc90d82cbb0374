// Templates for route targets, CLIs and lookup keys ("sip:vm-${called}@vm", "${called:1}").
export { asteriskSubstring } from './substring.js';
export { compileTemplate, type Template, type TemplateResult, type TemplateVars } from './template.js';
