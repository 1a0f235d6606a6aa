/**
 * faker.js's older API (the v3-v5 names KDG's documentation and its users' templates call) mapped to today's
 * @faker-js/faker. Each entry takes the template's literal arguments in the old positional form and calls the
 * current method; `check` refuses arguments the old helper did not take, at compile time. Names are looked up in
 * this fixed table only: a template can reach nothing of faker that is not listed here.
 */
import type { Faker } from "@faker-js/faker";
import { city, email, firstName, lastName, price, productName } from "./faker-fast-paths";
import type { Rng } from "./random";
import type { Literal } from "./template-parser";

/** `rng` is the randomness behind `f` (its randomizer), for the fast paths that draw without the Faker object. */
export type FakerRun = (f: Faker, args: readonly Literal[], rng: Rng) => unknown;
export interface FakerHelper {
  run: FakerRun;
  check?: (args: readonly Literal[]) => string | undefined;
}

const isNum = (v: Literal | undefined): v is number => typeof v === "number";
const isStr = (v: Literal | undefined): v is string => typeof v === "string";
const opt = (v: Literal | undefined) => (isNum(v) ? v : undefined);

/** No arguments. */
const none = (run: (f: Faker, rng: Rng) => unknown): FakerHelper => ({
  run: (f, _args, rng) => run(f, rng),
  check: (args) => (args.length ? "takes no arguments" : undefined),
});
/** An optional count (words, sentences, length...). */
const count = (run: (f: Faker, n: number | undefined) => unknown): FakerHelper => ({
  run: (f, args) => run(f, opt(args[0])),
  check: (args) => (args.length > 1 || (args[0] !== undefined && !isNum(args[0])) ? "takes an optional number" : undefined),
});
/** An optional string (a format, a file extension, a category). */
const text = (run: (f: Faker, s: string | undefined) => unknown): FakerHelper => ({
  run: (f, args) => run(f, isStr(args[0]) ? args[0] : undefined),
  check: (args) => (args.length > 1 || (args[0] !== undefined && !isStr(args[0])) ? "takes an optional string" : undefined),
});
/** Old money helpers: (min?, max?, decimals?, symbol?). */
const money = (run: (f: Faker, o: { min?: number; max?: number; dec?: number; symbol?: string }, rng: Rng) => unknown): FakerHelper => ({
  run: (f, [min, max, dec, symbol], rng) => run(f, { min: opt(min), max: opt(max), dec: opt(dec), symbol: isStr(symbol) ? symbol : undefined }, rng),
  check: (args) => (args.length > 4 || args.slice(0, 3).some((a) => !isNum(a)) ? "takes (min, max, decimals, symbol), all optional" : undefined),
});
const array = (run: (f: Faker, items: Literal[]) => unknown): FakerHelper => ({
  run: (f, args) => run(f, args[0] as Literal[]),
  check: (args) => (args.length !== 1 || !Array.isArray(args[0]) || args[0].length === 0 ? "takes a non-empty array" : undefined),
});

const IMAGE_CATEGORIES = ["abstract", "animals", "business", "cats", "city", "food", "nightlife", "fashion", "people", "nature", "sports", "technics", "transport"];

export const FAKER_HELPERS: Record<string, FakerHelper> = {
  // name.* (today person.*)
  "name.firstName": none(firstName),
  "name.lastName": none(lastName),
  "name.middleName": none((f) => f.person.middleName()),
  "name.findName": none((f) => f.person.fullName()),
  "name.fullName": none((f) => f.person.fullName()),
  "name.jobTitle": none((f) => f.person.jobTitle()),
  "name.gender": none((f) => f.person.gender()),
  "name.prefix": none((f) => f.person.prefix()),
  "name.suffix": none((f) => f.person.suffix()),
  "name.title": none((f) => f.person.jobTitle()),
  "name.jobDescriptor": none((f) => f.person.jobDescriptor()),
  "name.jobArea": none((f) => f.person.jobArea()),
  "name.jobType": none((f) => f.person.jobType()),
  // address.* (today location.*)
  "address.zipCode": text((f, format) => f.location.zipCode(format)),
  "address.zipCodeByState": text((f, state) => f.location.zipCode(state ? { state } : undefined)),
  "address.city": none(city),
  "address.cityName": none((f) => f.location.city()),
  "address.streetName": none((f) => f.location.street()),
  "address.streetAddress": none((f) => f.location.streetAddress()),
  "address.secondaryAddress": none((f) => f.location.secondaryAddress()),
  "address.buildingNumber": none((f) => f.location.buildingNumber()),
  "address.county": none((f) => f.location.county()),
  "address.country": none((f) => f.location.country()),
  "address.countryCode": text((f, variant) => f.location.countryCode(variant === "alpha-3" ? "alpha-3" : "alpha-2")),
  "address.state": none((f) => f.location.state()),
  "address.stateAbbr": none((f) => f.location.state({ abbreviated: true })),
  "address.latitude": none((f) => f.location.latitude()),
  "address.longitude": none((f) => f.location.longitude()),
  "address.direction": none((f) => f.location.direction()),
  "address.cardinalDirection": none((f) => f.location.cardinalDirection()),
  "address.ordinalDirection": none((f) => f.location.ordinalDirection()),
  "address.nearbyGPSCoordinate": none((f) => f.location.nearbyGPSCoordinate().join(",")),
  "address.timeZone": none((f) => f.location.timeZone()),
  // commerce.*
  "commerce.color": none((f) => f.color.human()),
  "commerce.department": none((f) => f.commerce.department()),
  "commerce.productName": none(productName),
  "commerce.price": money((f, o, rng) => price(f, rng, o)),
  "commerce.productAdjective": none((f) => f.commerce.productAdjective()),
  "commerce.productMaterial": none((f) => f.commerce.productMaterial()),
  "commerce.product": none((f) => f.commerce.product()),
  "commerce.productDescription": none((f) => f.commerce.productDescription()),
  // company.*
  "company.companyName": none((f) => f.company.name()),
  "company.name": none((f) => f.company.name()),
  "company.catchPhrase": none((f) => f.company.catchPhrase()),
  "company.catchPhraseAdjective": none((f) => f.company.catchPhraseAdjective()),
  "company.catchPhraseDescriptor": none((f) => f.company.catchPhraseDescriptor()),
  "company.catchPhraseNoun": none((f) => f.company.catchPhraseNoun()),
  "company.bs": none((f) => f.company.buzzPhrase()),
  "company.bsAdjective": none((f) => f.company.buzzAdjective()),
  "company.bsBuzz": none((f) => f.company.buzzVerb()),
  "company.bsNoun": none((f) => f.company.buzzNoun()),
  // database.*
  "database.column": none((f) => f.database.column()),
  "database.type": none((f) => f.database.type()),
  "database.collation": none((f) => f.database.collation()),
  "database.engine": none((f) => f.database.engine()),
  // finance.*
  "finance.account": count((f, n) => f.finance.accountNumber(n ?? 8)),
  "finance.accountName": none((f) => f.finance.accountName()),
  "finance.routingNumber": none((f) => f.finance.routingNumber()),
  // faker 3's mask(): "(...1234)"; today's maskedNumber is deprecated (it logs a warning), so built from digits.
  "finance.mask": count((f, n) => `(...${f.string.numeric(n ?? 4)})`),
  "finance.amount": money((f, o) => f.finance.amount({ min: o.min, max: o.max, dec: o.dec, symbol: o.symbol })),
  "finance.transactionType": none((f) => f.finance.transactionType()),
  "finance.currencyCode": none((f) => f.finance.currencyCode()),
  "finance.currencyName": none((f) => f.finance.currencyName()),
  "finance.currencySymbol": none((f) => f.finance.currencySymbol()),
  "finance.bitcoinAddress": none((f) => f.finance.bitcoinAddress()),
  "finance.litecoinAddress": none((f) => f.finance.litecoinAddress()),
  "finance.ethereumAddress": none((f) => f.finance.ethereumAddress()),
  "finance.creditCardNumber": text((f, issuer) => f.finance.creditCardNumber(issuer)),
  "finance.creditCardCVV": none((f) => f.finance.creditCardCVV()),
  "finance.iban": none((f) => f.finance.iban()),
  "finance.bic": none((f) => f.finance.bic()),
  "finance.transactionDescription": none((f) => f.finance.transactionDescription()),
  // git.*
  "git.branch": none((f) => f.git.branch()),
  "git.commitEntry": none((f) => f.git.commitEntry()),
  "git.commitMessage": none((f) => f.git.commitMessage()),
  "git.commitSha": none((f) => f.git.commitSha()),
  "git.shortSha": none((f) => f.git.commitSha({ length: 7 })),
  // hacker.*
  "hacker.abbreviation": none((f) => f.hacker.abbreviation()),
  "hacker.adjective": none((f) => f.hacker.adjective()),
  "hacker.noun": none((f) => f.hacker.noun()),
  "hacker.verb": none((f) => f.hacker.verb()),
  "hacker.ingverb": none((f) => f.hacker.ingverb()),
  "hacker.phrase": none((f) => f.hacker.phrase()),
  // helpers.*
  "helpers.randomize": array((f, items) => f.helpers.arrayElement(items)),
  "helpers.shuffle": array((f, items) => f.helpers.shuffle(items)),
  "helpers.slugify": text((f, s) => f.helpers.slugify(s ?? "")),
  // Only '#' becomes a digit (today's replaceSymbols would also turn '?' and '*' into letters).
  "helpers.replaceSymbolWithNumber": text((f, s) => (s ?? "").replace(/#/g, () => String(f.number.int(9)))),
  "helpers.replaceSymbols": text((f, s) => f.helpers.replaceSymbols(s ?? "")),
  // image.* (URLs only: nothing is fetched)
  "image.image": none((f) => f.image.url()),
  "image.imageUrl": none((f) => f.image.url()),
  "image.avatar": none((f) => f.image.avatar()),
  "image.dataUri": none((f) => f.image.dataUri({ width: 8, height: 8 })),
  ...Object.fromEntries(IMAGE_CATEGORIES.map((c) => [`image.${c}`, none((f) => f.image.urlLoremFlickr({ category: c }))])),
  // internet.*
  "internet.avatar": none((f) => f.image.avatar()),
  "internet.email": {
    run: (f, [first, last, provider], rng) =>
      email(f, rng, isStr(first) ? first : firstName(f, rng), isStr(last) ? last : lastName(f, rng), isStr(provider) ? provider : undefined),
    check: (args) => (args.length > 3 || args.some((a) => !isStr(a)) ? "takes (firstName, lastName, provider), all optional strings" : undefined),
  },
  "internet.exampleEmail": none((f) => f.internet.exampleEmail()),
  "internet.userName": none((f) => f.internet.username()),
  "internet.protocol": none((f) => f.internet.protocol()),
  "internet.httpMethod": none((f) => f.internet.httpMethod()),
  "internet.url": none((f) => f.internet.url()),
  "internet.domainName": none((f) => f.internet.domainName()),
  "internet.domainSuffix": none((f) => f.internet.domainSuffix()),
  "internet.domainWord": none((f) => f.internet.domainWord()),
  "internet.ip": none((f) => f.internet.ipv4()),
  "internet.ipv6": none((f) => f.internet.ipv6()),
  "internet.port": none((f) => f.internet.port()),
  "internet.userAgent": none((f) => f.internet.userAgent()),
  "internet.color": none((f) => f.color.rgb()),
  "internet.mac": text((f, separator) => f.internet.mac(separator === undefined ? undefined : { separator })),
  "internet.password": count((f, n) => f.internet.password({ length: n })),
  // lorem.*
  "lorem.word": none((f) => f.lorem.word()),
  "lorem.words": count((f, n) => f.lorem.words(n ?? 3)),
  "lorem.sentence": count((f, n) => f.lorem.sentence(n)),
  "lorem.slug": count((f, n) => f.lorem.slug(n ?? 3)),
  "lorem.sentences": count((f, n) => f.lorem.sentences(n)),
  "lorem.paragraph": count((f, n) => f.lorem.paragraph(n)),
  "lorem.paragraphs": count((f, n) => f.lorem.paragraphs(n)),
  "lorem.text": none((f) => f.lorem.text()),
  "lorem.lines": count((f, n) => f.lorem.lines(n)),
  // music.*
  "music.genre": none((f) => f.music.genre()),
  "music.songName": none((f) => f.music.songName()),
  // phone.*
  "phone.phoneNumber": none((f) => f.phone.number()),
  "phone.phoneNumberFormat": none((f) => f.phone.number()),
  "phone.phoneFormats": none((f) => f.phone.number()),
  "phone.imei": none((f) => f.phone.imei()),
  // system.*
  "system.fileName": none((f) => f.system.fileName()),
  "system.commonFileName": text((f, ext) => f.system.commonFileName(ext)),
  "system.mimeType": none((f) => f.system.mimeType()),
  "system.commonFileType": none((f) => f.system.commonFileType()),
  "system.commonFileExt": none((f) => f.system.commonFileExt()),
  "system.fileType": none((f) => f.system.fileType()),
  "system.fileExt": text((f, mime) => f.system.fileExt(mime)),
  "system.directoryPath": none((f) => f.system.directoryPath()),
  "system.filePath": none((f) => f.system.filePath()),
  "system.semver": none((f) => f.system.semver()),
  // vehicle.*
  "vehicle.vehicle": none((f) => f.vehicle.vehicle()),
  "vehicle.manufacturer": none((f) => f.vehicle.manufacturer()),
  "vehicle.model": none((f) => f.vehicle.model()),
  "vehicle.type": none((f) => f.vehicle.type()),
  "vehicle.fuel": none((f) => f.vehicle.fuel()),
  "vehicle.vin": none((f) => f.vehicle.vin()),
  "vehicle.color": none((f) => f.vehicle.color()),
  "vehicle.vrm": none((f) => f.vehicle.vrm()),
  "vehicle.bicycle": none((f) => f.vehicle.bicycle()),
  // animal.*
  ...Object.fromEntries(
    (["dog", "cat", "snake", "bear", "lion", "cetacean", "horse", "bird", "cow", "fish", "crocodilia", "insect", "rabbit", "type"] as const).map((k) => [
      `animal.${k}`,
      none((f) => f.animal[k]()),
    ]),
  ),
  // random.* and datatype.* that are plain faker calls (random.number & co. are in helpers.ts)
  "random.boolean": none((f) => f.datatype.boolean()),
  "random.word": none((f) => f.word.sample()),
  "random.words": count((f, n) => f.word.words(n ?? 3)),
  "random.alphaNumeric": count((f, n) => f.string.alphanumeric({ length: n ?? 1, casing: "lower" })),
  "random.alpha": count((f, n) => f.string.alpha({ length: n ?? 1, casing: "lower" })),
  "random.hexaDecimal": count((f, n) => f.string.hexadecimal({ length: n ?? 1 })),
  "random.locale": none(() => "en"),
  "random.image": none((f) => f.image.url()),
  "datatype.boolean": none((f) => f.datatype.boolean()),
  "datatype.string": count((f, n) => f.string.sample(n ?? 10)),
  "datatype.hexaDecimal": count((f, n) => f.string.hexadecimal({ length: n ?? 1 })),
  "datatype.json": none((f) => JSON.stringify(Object.fromEntries(["foo", "bar", "bike", "a", "b", "name", "prop"].map((k) => [k, f.string.sample()])))),
  "datatype.array": count((f, n) => Array.from({ length: n ?? 10 }, () => (f.datatype.boolean() ? f.string.sample() : f.number.int({ max: 99999 })))),
};
