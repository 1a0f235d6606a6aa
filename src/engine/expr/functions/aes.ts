/**
 * aes_encrypt / aes_decrypt / try_aes_decrypt in Spark's byte layout, so data encrypted by one decrypts on the
 * other: GCM (the default) writes a 12-byte IV, the ciphertext and the 16-byte tag; CBC a 16-byte IV and
 * PKCS#5-padded ciphertext; ECB the padded ciphertext alone. Keys are 16, 24 or 32 bytes (AES-128/192/256).
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { SparkRuntimeException } from "../../errors";
import { BinaryType, StringType } from "../../types/data-types";
import type { FunctionDef } from "../analyze";
import { checkArity, coerceArg, def } from "./helpers";

const B = BinaryType();

function aesError(cls: string, detail: string): SparkRuntimeException {
  return new SparkRuntimeException(`[${cls}] ${detail} SQLSTATE: 22023`, { errorClass: cls, sqlState: "22023" });
}

function algorithm(key: Uint8Array, mode: string): string {
  if (![16, 24, 32].includes(key.length)) throw aesError("INVALID_PARAMETER_VALUE.AES_KEY_LENGTH", `The value of parameter(s) \`key\` is invalid: expects a binary value with 16, 24 or 32 bytes, but got ${key.length} bytes.`);
  const m = mode.toUpperCase();
  if (!["GCM", "CBC", "ECB"].includes(m)) throw aesError("UNSUPPORTED_FEATURE.AES_MODE", `The feature is not supported: AES-${m} with the padding.`);
  return `aes-${key.length * 8}-${m.toLowerCase()}`;
}

function encrypt(input: Uint8Array, key: Uint8Array, mode: string, iv: Uint8Array | null, aad: Uint8Array | null): Uint8Array {
  const alg = algorithm(key, mode);
  const m = mode.toUpperCase();
  if (m === "ECB") {
    const c = createCipheriv(alg, key, null);
    return Uint8Array.from(Buffer.concat([c.update(input), c.final()]));
  }
  const v = iv !== null && iv.length > 0 ? Buffer.from(iv) : randomBytes(m === "GCM" ? 12 : 16);
  if (m === "GCM") {
    const c = createCipheriv(alg as "aes-128-gcm", key, v);
    if (aad !== null && aad.length > 0) c.setAAD(aad);
    const body = Buffer.concat([c.update(input), c.final()]);
    return Uint8Array.from(Buffer.concat([v, body, c.getAuthTag()]));
  }
  const c = createCipheriv(alg, key, v);
  return Uint8Array.from(Buffer.concat([v, c.update(input), c.final()]));
}

function decrypt(input: Uint8Array, key: Uint8Array, mode: string, aad: Uint8Array | null): Uint8Array {
  const alg = algorithm(key, mode);
  const m = mode.toUpperCase();
  const buf = Buffer.from(input);
  try {
    if (m === "ECB") {
      const d = createDecipheriv(alg, key, null);
      return Uint8Array.from(Buffer.concat([d.update(buf), d.final()]));
    }
    if (m === "GCM") {
      const d = createDecipheriv(alg as "aes-128-gcm", key, buf.subarray(0, 12));
      if (aad !== null && aad.length > 0) d.setAAD(aad);
      d.setAuthTag(buf.subarray(buf.length - 16));
      return Uint8Array.from(Buffer.concat([d.update(buf.subarray(12, buf.length - 16)), d.final()]));
    }
    const d = createDecipheriv(alg, key, buf.subarray(0, 16));
    return Uint8Array.from(Buffer.concat([d.update(buf.subarray(16)), d.final()]));
  } catch (e) {
    throw aesError("INVALID_PARAMETER_VALUE.AES_CRYPTO_ERROR", `The value of parameter(s) \`expr\`, \`key\` in \`aes_decrypt\` is invalid: detail message: ${(e as Error).message}`);
  }
}

function aesDef(name: "aes_encrypt" | "aes_decrypt" | "try_aes_decrypt"): FunctionDef {
  const enc = name === "aes_encrypt";
  return def(name, (f) => {
    checkArity(name, f.args, 2, enc ? 6 : 5);
    const input = coerceArg(f, 0, B, name).eval;
    const key = coerceArg(f, 1, B, name).eval;
    const mode = f.args.length > 2 ? coerceArg(f, 2, StringType(), name).eval : () => "GCM";
    const ivE = enc && f.args.length > 4 ? coerceArg(f, 4, B, name).eval : () => null;
    const aadI = enc ? 5 : 4;
    const aadE = f.args.length > aadI ? coerceArg(f, aadI, B, name).eval : () => null;
    // Spark shows the defaults it fills in: mode GCM, padding DEFAULT, empty iv and aad
    const defaults = enc ? ["GCM", "DEFAULT", "", ""] : ["GCM", "DEFAULT", ""];
    const shown = [...f.args.map((a) => a.name), ...defaults.slice(Math.max(0, f.args.length - 2))];
    return {
      dataType: B,
      foldable: false,
      name: `${name}(${shown.join(", ")})`,
      eval: (row) => {
        const x = input(row) as Uint8Array | null;
        const k = key(row) as Uint8Array | null;
        const m = mode(row) as string | null;
        if (x === null || k === null || m === null) return null;
        const aad = aadE(row) as Uint8Array | null;
        if (enc) return encrypt(x, k, m, ivE(row) as Uint8Array | null, aad);
        try {
          return decrypt(x, k, m, aad);
        } catch (e) {
          if (name === "try_aes_decrypt") return null;
          throw e;
        }
      },
    };
  });
}

export function aesFunctions(): Record<string, FunctionDef> {
  return { aes_encrypt: aesDef("aes_encrypt"), aes_decrypt: aesDef("aes_decrypt"), try_aes_decrypt: aesDef("try_aes_decrypt") };
}
