import fontkit from '@pdf-lib/fontkit';
import {
  endMarkedContent,
  PDFDocument,
  type PDFFont,
  PDFHexString,
  PDFName,
  PDFNumber,
  type PDFObject,
  PDFOperator,
  PDFOperatorNames,
  type PDFPage,
  type PDFRef,
  PDFString,
} from 'pdf-lib';

/**
 * Tagged PDF on pdf-lib (PDF/UA-1 in intent, ADR 20). pdf-lib draws; this module adds what
 * assistive technology needs and pdf-lib has no API for:
 *
 * - a structure tree (StructTreeRoot → Document → H1/H2/P/Table/TR/TH/TD/Figure/L/LI …) in
 *   reading order, each element pointing at the marked content it owns on its pages;
 * - marked content in the page streams (`/P <</MCID n>> BDC … EMC`) and a ParentTree that maps
 *   every page's MCIDs back to their elements;
 * - everything that is not content (page numbers, rules, the specimen line) as `/Artifact`;
 * - document language (/Lang), title shown in the window (/DisplayDocTitle), /MarkInfo Marked,
 *   /Tabs /S on every page, XMP metadata with dc:title and the PDF/UA identifier;
 * - embedded Unicode fonts (Noto Sans, OFL 1.1 — the font KERN UX ships), so umlauts, ß, Ł and
 *   € are real text and nothing is spelled in a base form.
 *
 * Pure: no Node or DOM APIs, so the server and the offline kit (browser) use the same code.
 */

export type StructType =
  | 'Document'
  | 'Sect'
  | 'Div'
  | 'H1'
  | 'H2'
  | 'H3'
  | 'P'
  | 'L'
  | 'LI'
  | 'Lbl'
  | 'LBody'
  | 'Table'
  | 'TR'
  | 'TH'
  | 'TD'
  | 'Figure'
  | 'Note'
  | 'Span';

export interface StructAttributes {
  /** Alternative text (required for Figure). */
  alt?: string;
  /** Replacement text, e.g. the spoken form of an abbreviation. */
  actualText?: string;
  /** Language of this element when it differs from the document's. */
  lang?: string;
  /** TH: which cells the header belongs to. */
  scope?: 'Row' | 'Column';
  /** Figure: its box on the page, [x1, y1, x2, y2] in points. */
  bbox?: [number, number, number, number];
}

interface MarkedRef {
  page: PDFPage;
  mcid: number;
}

export class StructElement {
  readonly kids: (StructElement | MarkedRef)[] = [];
  constructor(
    readonly type: StructType,
    readonly ref: PDFRef,
    readonly parent: StructElement | null,
    readonly attributes: StructAttributes,
  ) {}

  /** The first page any of this element's content is on (for /Pg). */
  firstPage(): PDFPage | null {
    for (const kid of this.kids) {
      if (kid instanceof StructElement) {
        const page = kid.firstPage();
        if (page) return page;
      } else return kid.page;
    }
    return null;
  }
}

export interface TaggedPdfMeta {
  title: string;
  language: string;
  subject?: string;
  author?: string;
  keywords?: string[];
  creator?: string;
}

export interface FontBytes {
  regular: Uint8Array;
  bold: Uint8Array;
}

function xmlEscape(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Characters the embedded font cannot draw are replaced, never dropped silently. */
const characterSets = new WeakMap<PDFFont, Set<number>>();

export function drawable(font: PDFFont, text: string): string {
  let set = characterSets.get(font);
  if (!set) {
    set = new Set(font.getCharacterSet());
    characterSets.set(font, set);
  }
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const code = ch.codePointAt(0)!;
    if (ch === '\n' || ch === '\t' || ch === '\r') out += ' ';
    else if (set.has(code)) out += ch;
    else {
      const base = ch.normalize('NFD').replace(/\p{M}/gu, '');
      out += [...base].every((c) => set.has(c.codePointAt(0)!)) && base ? base : '?';
    }
  }
  return out;
}

export class TaggedPdf {
  readonly root: StructElement;
  private readonly pageIndex = new Map<PDFPage, { key: number; mcids: StructElement[] }>();
  private openArtifact = false;
  private treeRootRef!: PDFRef;

  private constructor(
    readonly doc: PDFDocument,
    readonly regular: PDFFont,
    readonly bold: PDFFont,
    private readonly meta: TaggedPdfMeta,
  ) {
    this.root = new StructElement('Document', doc.context.nextRef(), null, {});
  }

  static async create(meta: TaggedPdfMeta, fonts: FontBytes): Promise<TaggedPdf> {
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkit);
    doc.setTitle(meta.title, { showInWindowTitleBar: true });
    doc.setLanguage(meta.language);
    if (meta.subject) doc.setSubject(meta.subject);
    if (meta.author) doc.setAuthor(meta.author);
    if (meta.keywords) doc.setKeywords(meta.keywords);
    doc.setCreator(meta.creator ?? 'Bürgerkoffer');
    doc.setProducer('Bürgerkoffer (pdf-lib, tagged)');
    // Fixed dates and font names keep the bytes of a re-rendered document identical.
    doc.setCreationDate(new Date(0));
    doc.setModificationDate(new Date(0));
    const regular = await doc.embedFont(fonts.regular, {
      subset: true,
      customName: 'BKNOTR+NotoSans-Regular',
    });
    const bold = await doc.embedFont(fonts.bold, { subset: true, customName: 'BKNOTB+NotoSans-Bold' });
    return new TaggedPdf(doc, regular, bold, meta);
  }

  addPage(size: [number, number]): PDFPage {
    const page = this.doc.addPage(size);
    const key = this.pageIndex.size;
    this.pageIndex.set(page, { key, mcids: [] });
    page.node.set(PDFName.of('StructParents'), PDFNumber.of(key));
    page.node.set(PDFName.of('Tabs'), PDFName.of('S'));
    return page;
  }

  /** A new structure element under `parent` (the document by default), in reading order. */
  element(
    type: StructType,
    parent: StructElement = this.root,
    attributes: StructAttributes = {},
  ): StructElement {
    const el = new StructElement(type, this.doc.context.nextRef(), parent, attributes);
    parent.kids.push(el);
    return el;
  }

  /** Draws content that belongs to `owner`: wrapped in BDC/EMC with a new MCID on that page. */
  mark(page: PDFPage, owner: StructElement, draw: () => void): void {
    const entry = this.pageIndex.get(page);
    if (!entry) throw new Error('page was not added through TaggedPdf.addPage');
    if (this.openArtifact) throw new Error('marked content cannot be nested in an artifact');
    const mcid = entry.mcids.length;
    entry.mcids.push(owner);
    owner.kids.push({ page, mcid });
    // A property list is a dictionary operand; pdf-lib writes any PDF object as an operand.
    const props = this.doc.context.obj({ MCID: mcid });
    page.pushOperators(
      PDFOperator.of(PDFOperatorNames.BeginMarkedContentSequence, [
        PDFName.of(owner.type),
        props as unknown as PDFName,
      ]),
    );
    draw();
    page.pushOperators(endMarkedContent());
  }

  /** Draws something that is not content (page number, footer, rule, frame) as an artifact. */
  artifact(page: PDFPage, draw: () => void, kind: 'Pagination' | 'Layout' = 'Layout'): void {
    const props = this.doc.context.obj({ Type: 'Pagination' === kind ? 'Pagination' : 'Layout' });
    page.pushOperators(
      PDFOperator.of(PDFOperatorNames.BeginMarkedContentSequence, [
        PDFName.of('Artifact'),
        props as unknown as PDFName,
      ]),
    );
    this.openArtifact = true;
    try {
      draw();
    } finally {
      this.openArtifact = false;
      page.pushOperators(endMarkedContent());
    }
  }

  private textObject(text: string): PDFObject {
    return PDFHexString.fromText(text);
  }

  private buildElements(): void {
    const context = this.doc.context;
    const visit = (el: StructElement) => {
      const kids: PDFObject[] = [];
      for (const kid of el.kids) {
        if (kid instanceof StructElement) {
          visit(kid);
          kids.push(kid.ref);
        } else {
          kids.push(context.obj({ Type: 'MCR', Pg: kid.page.ref, MCID: kid.mcid }));
        }
      }
      const dict: Record<string, PDFObject> = {
        Type: PDFName.of('StructElem'),
        S: PDFName.of(el.type),
        P: el.parent ? el.parent.ref : this.treeRootRef,
        K: context.obj(kids),
      };
      const page = el.firstPage();
      if (page) dict.Pg = page.ref;
      const a = el.attributes;
      if (a.alt !== undefined) dict.Alt = this.textObject(a.alt);
      if (a.actualText !== undefined) dict.ActualText = this.textObject(a.actualText);
      if (a.lang) dict.Lang = PDFString.of(a.lang);
      if (a.scope) dict.A = context.obj({ O: 'Table', Scope: a.scope });
      if (a.bbox) dict.A = context.obj({ O: 'Layout', Placement: 'Block', BBox: a.bbox });
      context.assign(el.ref, context.obj(dict));
    };
    visit(this.root);
  }

  /** Writes the structure tree, the ParentTree, MarkInfo and the XMP metadata; returns the bytes. */
  async save(): Promise<Uint8Array> {
    const context = this.doc.context;
    this.treeRootRef = context.nextRef();
    this.buildElements();
    const nums: PDFObject[] = [];
    for (const { key, mcids } of this.pageIndex.values()) {
      nums.push(PDFNumber.of(key), context.obj(mcids.map((el) => el.ref)));
    }
    const parentTree = context.register(context.obj({ Nums: nums }));
    context.assign(
      this.treeRootRef,
      context.obj({
        Type: 'StructTreeRoot',
        K: this.root.ref,
        ParentTree: parentTree,
        ParentTreeNextKey: this.pageIndex.size,
      }),
    );
    const catalog = this.doc.catalog;
    catalog.set(PDFName.of('StructTreeRoot'), this.treeRootRef);
    catalog.set(PDFName.of('MarkInfo'), context.obj({ Marked: true }));
    catalog.set(PDFName.of('Metadata'), context.register(this.metadataStream()));
    return this.doc.save({ useObjectStreams: false });
  }

  private metadataStream() {
    const m = this.meta;
    const xmp = `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xmlEscape(m.title)}</rdf:li></rdf:Alt></dc:title>
<dc:language><rdf:Bag><rdf:li>${xmlEscape(m.language)}</rdf:li></rdf:Bag></dc:language>
${m.author ? `<dc:creator><rdf:Seq><rdf:li>${xmlEscape(m.author)}</rdf:li></rdf:Seq></dc:creator>` : ''}
${m.subject ? `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${xmlEscape(m.subject)}</rdf:li></rdf:Alt></dc:description>` : ''}
<pdf:Producer>Bürgerkoffer (pdf-lib, tagged)</pdf:Producer>
<xmp:CreatorTool>${xmlEscape(m.creator ?? 'Bürgerkoffer')}</xmp:CreatorTool>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
    const bytes = new TextEncoder().encode(xmp);
    return this.doc.context.stream(bytes, { Type: 'Metadata', Subtype: 'XML', Length: bytes.length });
  }
}
