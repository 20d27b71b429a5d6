/**
 * How a family member relates to the account holder (亲情账户). The filing records the holder as
 * agent (代办人) with this relationship, so the reviewer reads 申请人是代办人的母亲.
 */
export const FAMILY_RELATIONSHIPS = ['spouse', 'father', 'mother', 'child', 'grandparent', 'grandchild', 'sibling', 'other_relative'] as const;

export type FamilyRelationship = (typeof FAMILY_RELATIONSHIPS)[number];

export const FAMILY_RELATIONSHIP_LABELS: Readonly<Record<FamilyRelationship, string>> = {
  spouse: '配偶',
  father: '父亲',
  mother: '母亲',
  child: '子女',
  grandparent: '祖父母或外祖父母',
  grandchild: '孙子女或外孙子女',
  sibling: '兄弟姐妹',
  other_relative: '其他亲属',
};

/** National and city apps allow a handful of relatives per account; ten is generous and bounded. */
export const MAX_FAMILY_MEMBERS = 10;
