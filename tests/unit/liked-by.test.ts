import { describe, expect, it } from "vitest";

import { likedByText } from "@/lib/library/shared";

describe("who liked a song, in words", () => {
  it("names you first, then the others, then how many more", () => {
    expect(likedByText({ myLiked: false, likes: 0, likers: [] })).toBeNull();
    expect(likedByText({ myLiked: true, likes: 1, likers: [] })).toBe("Liked by you");
    expect(likedByText({ myLiked: false, likes: 2, likers: ["Ada", "Ben"] })).toBe(
      "Liked by Ada and Ben",
    );
    expect(likedByText({ myLiked: true, likes: 3, likers: ["Ada", "Ben"] })).toBe(
      "Liked by you, Ada and Ben",
    );
    expect(likedByText({ myLiked: true, likes: 6, likers: ["Ada", "Ben", "Cy"] })).toBe(
      "Liked by you, Ada, Ben, Cy and 2 others",
    );
    expect(likedByText({ myLiked: false, likes: 4, likers: ["Ada", "Ben", "Cy"] })).toBe(
      "Liked by Ada, Ben, Cy and 1 other",
    );
  });
});
