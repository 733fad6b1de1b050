/**
 * Demo implementation plans (idempotent, fixed ids):
 * - Bộ Y tế (the state body, not its Party committee): the 6 task groups of the Government's
 *   draft action plan it drafts for the Prime Minister (seed moh-news-2025-12-11-directive-52-action-plan.txt);
 * - Đảng ủy LHHVN: the 4 tasks of letter 168-CV/ĐULHHVN (seed cv-168);
 * - Thành ủy Hà Nội, plan 215-KH/TU: tasks in every state relative to 24/11/2026
 *   (done on time, done late, in progress, overdue, due soon, not started, no deadline).
 */
import { insertStatements } from "./demo.queries";
import { DIRECTIVE_52_ID, type Value } from "./seed-helpers";

interface DemoTask {
  section: number | null;
  title: string;
  owner: string | null;
  startOn?: string | null;
  dueOn: string | null;
  progress: number;
  completedOn?: string | null;
  notes?: string | null;
}

interface DemoPlan {
  id: string;
  organisationId: string;
  documentNumber: string | null;
  documentDate: string | null;
  title: string;
  tasks: DemoTask[];
}

export const DEMO_PLANS: DemoPlan[] = [
  {
    id: "plan-byt",
    organisationId: "gov-byt",
    documentNumber: null,
    documentDate: null,
    title:
      "Dự thảo Kế hoạch hành động của Chính phủ thực hiện Chỉ thị số 52-CT/TW (Bộ Y tế chủ trì soạn thảo, trình Thủ tướng Chính phủ ban hành)",
    tasks: [
      {
        section: 1,
        title:
          "Tăng cường công tác lãnh đạo, chỉ đạo thực hiện hiệu quả các chủ trương, chính sách, pháp luật, chương trình, kế hoạch về bảo hiểm y tế; đổi mới công tác truyền thông, phổ biến, giáo dục pháp luật về bảo hiểm y tế",
        owner: "Vụ Bảo hiểm Y tế (đầu mối)",
        dueOn: "2026-12-31",
        progress: 60,
      },
      {
        section: 2,
        title:
          "Tập trung sửa đổi, bổ sung và hoàn thiện hệ thống chính sách, pháp luật về bảo hiểm y tế đáp ứng mục tiêu bao phủ bảo hiểm y tế toàn dân",
        owner: "Vụ Bảo hiểm Y tế; Vụ Pháp chế",
        dueOn: "2027-06-30",
        progress: 30,
      },
      {
        section: 4,
        title:
          "Nâng cao năng lực hệ thống cơ sở khám bệnh, chữa bệnh bảo hiểm y tế và chất lượng cung ứng dịch vụ khám bệnh, chữa bệnh bảo hiểm y tế",
        owner: "Cục Quản lý Khám, chữa bệnh",
        dueOn: "2027-12-31",
        progress: 20,
      },
      {
        section: 5,
        title:
          "Tăng cường, nâng cao năng lực cho các cơ quan quản lý nhà nước và cơ quan tổ chức thực hiện về bảo hiểm y tế ở Trung ương và địa phương, bảo đảm quản lý, sử dụng Quỹ bảo hiểm y tế hiệu quả, cân đối",
        owner: "Vụ Bảo hiểm Y tế; Thanh tra Chính phủ (theo Luật Thanh tra số 84/2025/QH15)",
        dueOn: "2026-12-31",
        progress: 45,
      },
      {
        section: 2,
        title:
          "Đa dạng, mở rộng các nguồn thu, bảo đảm bền vững và phát triển Quỹ bảo hiểm y tế để từng bước mở rộng phạm vi quyền lợi, triển khai các giải pháp nhằm giảm gánh nặng chi phí y tế cho người bệnh",
        owner: "Vụ Kế hoạch – Tài chính; Vụ Bảo hiểm Y tế",
        dueOn: "2027-12-31",
        progress: 10,
      },
      {
        section: 6,
        title:
          "Đẩy mạnh ứng dụng công nghệ thông tin, chuyển đổi số, tăng cường ứng dụng trí tuệ nhân tạo, cải cách hành chính trong lĩnh vực bảo hiểm y tế",
        owner: "Cục Khoa học công nghệ và Đào tạo",
        dueOn: "2026-12-31",
        progress: 50,
      },
    ],
  },
  {
    id: "plan-lhhvn",
    organisationId: "lhhvn",
    documentNumber: "168-CV/ĐULHHVN",
    documentDate: "2025-11-20",
    title: "Công văn về tuyên truyền thực hiện Chỉ thị số 52-CT/TW của Ban Bí thư",
    tasks: [
      {
        section: 3,
        title:
          "Tổ chức quán triệt, tuyên truyền sâu rộng nội dung Chỉ thị số 52-CT/TW đến đảng viên, hội viên và người lao động; vận động tham gia bảo hiểm y tế (đặc biệt theo hộ gia đình)",
        owner: "Chi ủy các chi bộ trực thuộc",
        dueOn: null,
        progress: 70,
      },
      {
        section: 3,
        title:
          "Chỉ đạo các cơ quan báo chí đẩy mạnh thông tin, tuyên truyền về mục tiêu, ý nghĩa, lợi ích và trách nhiệm tham gia bảo hiểm y tế",
        owner: "Các cơ quan báo, tạp chí, xuất bản trong hệ thống",
        dueOn: null,
        progress: 50,
      },
      {
        section: 5,
        title:
          "Phát huy vai trò giám sát, phản biện xã hội đối với việc thực hiện chính sách bảo hiểm y tế, chất lượng khám chữa bệnh, phòng chống tiêu cực, trục lợi bảo hiểm y tế",
        owner: "Các hội thành viên",
        dueOn: null,
        progress: 20,
      },
      {
        section: 3,
        title:
          "Phát huy vai trò của đội ngũ trí thức, chuyên gia, hội viên trong công tác tuyên truyền, thông tin về việc triển khai thực hiện Chỉ thị số 52-CT/TW",
        owner: "Các tổ chức khoa học và công nghệ trực thuộc",
        dueOn: null,
        progress: 30,
      },
    ],
  },
  {
    id: "plan-hn",
    organisationId: "hn",
    documentNumber: "215-KH/TU",
    documentDate: "2025-11-25",
    title: "Kế hoạch thực hiện Chỉ thị số 52-CT/TW của Ban Bí thư",
    tasks: [
      {
        section: 3,
        title: "Hội nghị quán triệt Chỉ thị số 52-CT/TW cho cán bộ chủ chốt thành phố",
        owner: "Ban Tuyên giáo và Dân vận Thành ủy",
        dueOn: "2025-12-31",
        progress: 100,
        completedOn: "2025-12-18",
      },
      {
        section: 1,
        title: "Đưa chỉ tiêu bao phủ bảo hiểm y tế vào nghị quyết phát triển kinh tế - xã hội năm 2026",
        owner: "Ban cán sự đảng UBND thành phố",
        dueOn: "2026-03-31",
        progress: 100,
        completedOn: "2026-04-20",
        notes: "Hoàn thành chậm do chờ số liệu bao phủ năm 2025.",
      },
      {
        section: 1,
        title: "Vận động người dân tham gia bảo hiểm y tế theo hộ gia đình, phấn đấu bao phủ trên 95% dân số",
        owner: "Bảo hiểm xã hội thành phố; UBND các xã, phường",
        dueOn: "2026-12-31",
        progress: 60,
      },
      {
        section: 2,
        title: "Rà soát chính sách hỗ trợ mức đóng bảo hiểm y tế cho người thuộc hộ cận nghèo, người yếu thế",
        owner: "Sở Y tế; Sở Tài chính",
        dueOn: "2026-10-31",
        progress: 40,
      },
      {
        section: 7,
        title: "Báo cáo sơ kết một năm thực hiện Chỉ thị gửi Ban Tuyên giáo và Dân vận Trung ương",
        owner: "Văn phòng Thành ủy",
        dueOn: "2026-11-26",
        progress: 20,
      },
      {
        section: 6,
        title: "Liên thông dữ liệu khám, chữa bệnh bảo hiểm y tế của thành phố với cơ sở dữ liệu quốc gia",
        owner: "Sở Y tế",
        startOn: "2027-01-01",
        dueOn: "2027-06-30",
        progress: 0,
      },
      {
        section: 7,
        title: "Kiểm tra, giám sát thường xuyên việc thực hiện Chỉ thị ở các đảng bộ trực thuộc",
        owner: "Ủy ban Kiểm tra Thành ủy",
        dueOn: null,
        progress: 30,
      },
    ],
  },
];

export function demoPlanStatements(db: D1Database, now: number): D1PreparedStatement[] {
  const plans: Record<string, Value>[] = DEMO_PLANS.map((p) => ({
    id: p.id,
    organisation_id: p.organisationId,
    directive_id: DIRECTIVE_52_ID,
    document_number: p.documentNumber,
    document_date: p.documentDate,
    title: p.title,
    revision: 1,
    created_at: now,
    updated_at: now,
  }));
  const tasks: Record<string, Value>[] = DEMO_PLANS.flatMap((p) =>
    p.tasks.map((t, i) => ({
      id: `${p.id}-t${i + 1}`,
      plan_id: p.id,
      section_id: t.section === null ? null : `ct52-s${t.section}`,
      title: t.title,
      owner: t.owner,
      start_on: t.startOn ?? null,
      due_on: t.dueOn,
      progress: t.progress,
      completed_on: t.completedOn ?? null,
      notes: t.notes ?? null,
      sort_order: i,
      revision: 1,
      created_at: now,
      updated_at: now,
    })),
  );
  return [...insertStatements(db, "plans", plans), ...insertStatements(db, "plan_tasks", tasks)];
}
