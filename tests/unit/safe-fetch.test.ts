// The SSRF block list, over every way IPv6 can spell a private IPv4 address.
import { describe, expect, it } from "vitest";

import { isPrivateAddress } from "@/lib/media/safe-fetch";

describe("the SSRF block list", () => {
  it.each([
    "::127.0.0.1", // IPv4-compatible loopback
    "::a9fe:a9fe", // IPv4-compatible 169.254.169.254 (cloud metadata)
    "::7f00:1",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1", // mapped, in hex
    "::ffff:a9fe:a9fe",
    "::ffff:0:127.0.0.1", // SIIT translated
    "::ffff:0:a00:1", // translated 10.0.0.1
    "2002:7f00:1::", // 6to4 of 127.0.0.1
    "2002:a9fe:a9fe::1", // 6to4 of the metadata address
    "2002:c0a8:101::", // 6to4 of 192.168.1.1
    "fec0::1", // site-local
    "feff::1",
    "2001:0:4136:e378:8000:63bf:3fff:fdd2", // Teredo
    "64:ff9b:1::1",
    "::",
    "::1",
    "fe80::1%eth0",
  ])("refuses %s", (address) => expect(isPrivateAddress(address)).toBe(true));

  it.each(["2606:4700:4700::1111", "2002:808:808::", "::ffff:8.8.8.8", "8.8.8.8", "2a00:1450::1"])(
    "lets %s through",
    (address) => expect(isPrivateAddress(address)).toBe(false),
  );
});
