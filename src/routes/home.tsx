import type { Context } from "hono";
import type { AppEnv } from "../http/context";
import { Layout } from "../pages/layout";

/** Landing page: what is in the system (the signed-in home page per role replaces it for users). */
export async function homePage(c: Context<AppEnv>) {
  const counts = await c.env.DB.prepare(
    `select
      (select count(*) from directives) as directives,
      (select count(*) from organisations) as organisations,
      (select count(*) from people) as people,
      (select count(*) from periods where status = 'open') as open_periods,
      (select count(*) from obligations) as obligations`,
  ).first<Record<string, number>>();
  return c.html(
    <Layout title="Trang chủ">
      <h1>Theo dõi thực hiện Chỉ thị</h1>
      <p>
        Hệ thống theo dõi việc quán triệt, triển khai và báo cáo định kỳ thực hiện các chỉ thị của Đảng (đầu
        tiên: Chỉ thị 52-CT/TW về bảo hiểm y tế toàn dân).
      </p>
      <div class="grid">
        <div class="card">
          <div class="stat">{counts?.directives ?? 0}</div>chỉ thị
        </div>
        <div class="card">
          <div class="stat">{counts?.organisations ?? 0}</div>tổ chức
        </div>
        <div class="card">
          <div class="stat">{counts?.people ?? 0}</div>người dùng
        </div>
        <div class="card">
          <div class="stat">{counts?.open_periods ?? 0}</div>kỳ báo cáo đang mở
        </div>
        <div class="card">
          <div class="stat">{counts?.obligations ?? 0}</div>nghĩa vụ báo cáo
        </div>
      </div>
    </Layout>,
  );
}
