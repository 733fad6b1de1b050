/**
 * The demo's people: one or more for every role, with deterministic ids and addresses (sign in
 * with them from the local mailbox), and the Vietnamese names generated demo people are given.
 */
import { demoOrganisations } from "./organisations";

export interface DemoPerson {
  id: string;
  email: string;
  fullName: string;
  title: string;
  roles: [organisationId: string, role: string][];
}

const SURNAMES = [
  "Nguyễn",
  "Trần",
  "Lê",
  "Phạm",
  "Hoàng",
  "Phan",
  "Vũ",
  "Đặng",
  "Bùi",
  "Đỗ",
  "Hồ",
  "Ngô",
  "Dương",
];
const MIDDLE_NAMES = ["Văn", "Minh", "Quốc", "Thanh", "Hữu", "Đức", "Ngọc", "Xuân", "Thị"];
const GIVEN_NAMES = [
  "An",
  "Bình",
  "Cường",
  "Dũng",
  "Giang",
  "Hải",
  "Hạnh",
  "Hùng",
  "Khánh",
  "Lan",
  "Long",
  "Nam",
  "Nga",
  "Phong",
  "Quang",
  "Sơn",
  "Tâm",
  "Thắng",
  "Thảo",
  "Trung",
  "Tuấn",
  "Việt",
  "Yến",
];

/** A plausible Vietnamese full name for the n-th generated demo person (deterministic, varied). */
export function demoPersonName(n: number): string {
  const pick = <T>(list: readonly T[], i: number) => list[i % list.length] as T;
  return `${pick(SURNAMES, n)} ${pick(MIDDLE_NAMES, n * 5 + 1)} ${pick(GIVEN_NAMES, n * 7 + 3)}`;
}

/** Demo people for every role; sign in with these addresses from the local mailbox. */
export function demoPeople(): DemoPerson[] {
  const people: DemoPerson[] = [
    {
      id: "p-admin",
      email: "quantri@demo.vn",
      fullName: "Nguyễn Văn Quản",
      title: "Quản trị hệ thống",
      roles: [["tw", "admin"]],
    },
    {
      id: "p-lanhdao",
      email: "lanhdao.bantgdv@demo.vn",
      fullName: "Trần Thị Thanh Hương",
      title: "Phó Trưởng Ban Tuyên giáo và Dân vận Trung ương",
      roles: [["btgdv", "commission_leader"]],
    },
    {
      id: "p-canbo",
      email: "canbo.bantgdv@demo.vn",
      fullName: "Lê Minh Khang",
      title: "Chuyên viên Vụ Khoa giáo – Văn xã, Ban Tuyên giáo và Dân vận Trung ương",
      roles: [["btgdv", "commission_staff"]],
    },
    {
      id: "p-canbo-hn",
      email: "canbo.tgdv.hanoi@demo.vn",
      fullName: "Phạm Thu Hà",
      title: "Chuyên viên Ban Tuyên giáo và Dân vận Thành ủy Hà Nội",
      roles: [["hn-btgdv", "commission_staff"]],
    },
    {
      id: "p-lanhdao-hn",
      email: "lanhdao.tgdv.hanoi@demo.vn",
      fullName: "Ngô Quang Đạo",
      title: "Phó Trưởng Ban Tuyên giáo và Dân vận Thành ủy Hà Nội",
      roles: [["hn-btgdv", "commission_leader"]],
    },
    {
      id: "p-vanphong-hn",
      email: "vanphong.hanoi@demo.vn",
      fullName: "Đỗ Văn Hòa",
      title: "Chuyên viên Văn phòng Thành ủy Hà Nội",
      roles: [["hn", "reporter"]],
    },
    {
      id: "p-xem-hn",
      email: "xem.hanoi@demo.vn",
      fullName: "Vũ Thị Mai",
      title: "Chuyên viên Ban Tổ chức Thành ủy Hà Nội",
      roles: [["hn", "viewer"]],
    },
    {
      id: "p-bithu-lhhvn",
      email: "bithu.lhhvn@demo.vn",
      fullName: "Phạm Ngọc Linh",
      title: "Phó Bí thư Thường trực Đảng ủy Liên hiệp Hội Việt Nam",
      roles: [["lhhvn", "secretary"]],
    },
  ];
  // One secretary (Bí thư) for each committee under the Central Committee and each demo commune.
  let n = 0;
  for (const org of demoOrganisations()) {
    if (!["provincial_committee", "central_committee", "commune"].includes(org.kind) || org.closedOn)
      continue;
    const slug = org.id.replace(/-/g, ".");
    people.push({
      id: `p-bithu-${org.id}`,
      email: org.id === "hn" ? "bithu.hanoi@demo.vn" : `bithu.${slug}@demo.vn`,
      fullName: demoPersonName(n++),
      title: `Bí thư ${org.name}`,
      roles: [[org.id, "secretary"]],
    });
  }
  return people;
}
