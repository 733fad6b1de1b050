/** Directive 52-CT/TW (03/10/2025), sections 1-7 as published with letter 168-CV/ĐULHHVN (shared/seeds). */
export const DIRECTIVE_52_SUMMARY =
  'Sau 15 năm thực hiện Chỉ thị số 38-CT/TW, ngày 07/9/2009 của Ban Bí thư khoá X về "Đẩy mạnh công tác bảo hiểm y tế trong tình hình mới" (Chỉ thị số 38), công tác bảo hiểm y tế đã đạt được những kết quả quan trọng, từng bước trở thành một trụ cột cơ bản của chính sách an sinh xã hội của Đảng và Nhà nước, góp phần thực hiện nguyên tắc chia sẻ và bảo đảm tài chính trong công tác bảo vệ, chăm sóc và nâng cao sức khoẻ Nhân dân; nhận thức về vị trí, vai trò và ý nghĩa của chính sách bảo hiểm y tế của cấp uỷ, tổ chức đảng, chính quyền và Nhân dân được nâng lên; hệ thống chính sách, pháp luật về bảo hiểm y tế từng bước được hoàn thiện; công tác quản lý nhà nước về bảo hiểm y tế và quản lý Quỹ bảo hiểm y tế được chú trọng; tính đến hết năm 2024, tỉ lệ bao phủ bảo hiểm y tế đạt 94,29% dân số; ứng dụng công nghệ thông tin, chuyển đổi số trong lĩnh vực bảo hiểm y tế được đầu tư, bước đầu đã phát huy hiệu quả; chất lượng khám bệnh, chữa bệnh bảo hiểm y tế có chuyển biến tích cực; các chỉ số sức khoẻ cơ bản của người dân và cộng đồng được cải thiện.';

export const DIRECTIVE_52_SECTIONS: { number: number; title: string; body: string }[] = [
  {
    number: 1,
    title: "Tăng cường lãnh đạo, chỉ đạo; phát triển đối tượng tham gia bảo hiểm y tế",
    body: "Cấp uỷ, tổ chức đảng, chính quyền các cấp tăng cường lãnh đạo, chỉ đạo thực hiện hiệu quả các chủ trương, chính sách, pháp luật, chương trình, kế hoạch về bảo hiểm y tế; coi đây là nhiệm vụ chính trị thường xuyên, liên tục, lâu dài và đưa các chỉ tiêu bao phủ về bảo hiểm y tế vào nghị quyết, chương trình, kế hoạch phát triển kinh tế - xã hội hằng năm và dài hạn; phối hợp chặt chẽ, đồng bộ giữa các cơ quan quản lý nhà nước trong thực hiện chủ trương, chính sách bảo hiểm y tế; tập trung phát triển đối tượng tham gia bảo hiểm y tế, đẩy mạnh bao phủ bảo hiểm y tế theo hộ gia đình. Nhà nước tiếp tục nâng mức hỗ trợ đóng bảo hiểm y tế cho các đối tượng chính sách, người thuộc hộ nghèo, cận nghèo, người khuyết tật, người yếu thế, bảo đảm duy trì bền vững và tăng tỉ lệ dân số tham gia bảo hiểm y tế; đến năm 2026, tỉ lệ bao phủ y tế đạt trên 95% dân số, đến năm 2030 đạt mục tiêu bao phủ bảo hiểm y tế toàn dân.",
  },
  {
    number: 2,
    title: "Hoàn thiện chính sách, pháp luật về bảo hiểm y tế; phát triển Quỹ bảo hiểm y tế",
    body: "Tập trung sửa đổi, bổ sung và hoàn thiện hệ thống chính sách, pháp luật về bảo hiểm y tế đáp ứng mục tiêu bao phủ bảo hiểm y tế toàn dân; nghiên cứu nâng mức đóng bảo hiểm y tế phù hợp với việc mở rộng phạm vi quyền lợi, mức hưởng bảo hiểm y tế; thí điểm, đa dạng hoá các gói bảo hiểm y tế, bảo hiểm y tế bổ sung theo nhu cầu của người dân; tăng cường liên kết, hợp tác giữa bảo hiểm y tế với bảo hiểm sức khoẻ do các doanh nghiệp bảo hiểm cung cấp để tránh trùng lặp thanh toán chi phí y tế; khuyến khích tạo điều kiện phát triển đa dạng các loại hình bảo hiểm sức khoẻ; huy động, đa dạng, mở rộng các nguồn thu, bảo đảm bền vững và phát triển Quỹ bảo hiểm y tế để phục vụ công tác bảo vệ, chăm sóc và nâng cao sức khoẻ Nhân dân. Từ năm 2026, từng bước thực hiện tăng tỉ lệ, mức thanh toán, chi cho phòng bệnh, chẩn đoán, điều trị sớm một số bệnh và đối tượng ưu tiên phù hợp với lộ trình tăng mức đóng bảo hiểm y tế và khả năng cân đối của Quỹ bảo hiểm y tế. Trong đó, mở rộng phạm vi chi trả của bảo hiểm y tế đối với một số dịch vụ y tế phòng bệnh, dinh dưỡng, quản lý bệnh mãn tính, khám sức khoẻ định kỳ và khám sàng lọc theo yêu cầu chuyên môn; nghiên cứu cơ chế sử dụng một phần kinh phí từ các quỹ phòng, chống tác hại thuốc lá, thuốc rượu, bia, đồ uống có đường... để chi trả cho một số dịch vụ phòng bệnh, quản lý bệnh mãn tính, khám sức khoẻ định kỳ, khám sàng lọc, chẩn đoán và phát hiện sớm một số bệnh, đặc biệt là các bệnh không lây nhiễm.",
  },
  {
    number: 3,
    title: "Đổi mới thông tin, tuyên truyền về bảo hiểm y tế",
    body: "Đổi mới nội dung, hình thức, phương thức thông tin, tuyên truyền, phổ biến, quán triệt các chủ trương của Đảng, chính sách, pháp luật của Nhà nước về bảo hiểm y tế đúng trọng tâm, trọng điểm, phù hợp với từng nhóm đối tượng, nhằm nâng cao nhận thức, trách nhiệm của các cấp, các ngành, đoàn thể, tổ chức và người dân về bảo hiểm y tế; tạo sự chuyển biến mạnh mẽ trong việc tham gia bảo hiểm y tế, xác định việc tham gia bảo hiểm y tế là quyền lợi và trách nhiệm của mọi người dân và của toàn xã hội.",
  },
  {
    number: 4,
    title: "Nâng cao chất lượng khám bệnh, chữa bệnh bảo hiểm y tế",
    body: "Triển khai hiệu quả các đề án, chương trình, kế hoạch về y tế và bảo hiểm y tế; đổi mới phong cách, thái độ phục vụ, đẩy mạnh việc nâng cao y đức của cán bộ y tế hướng tới sự hài lòng của người bệnh. Đầu tư cơ sở vật chất, trang thiết bị, năng lực chuyên môn nhằm nâng cao chất lượng dịch vụ trong phòng bệnh và khám, chữa bệnh bảo hiểm y tế, đặc biệt tại y tế cơ sở, vùng sâu, vùng xa, vùng đặc biệt khó khăn, biên giới, biển, đảo. Đẩy nhanh tiến độ thực hiện tính đúng, tính đủ giá dịch vụ y tế dự phòng, khám, chữa bệnh bảo hiểm y tế, đồng thời có cơ chế kiểm soát hiệu quả phòng, chống lãng phí, lạm thu, tăng chi định dịch vụ y tế không hợp lý và các hành vi vi phạm pháp luật trong quản lý, sử dụng Quỹ bảo hiểm y tế, bảo đảm quyền lợi cho người tham gia bảo hiểm y tế. Triển khai các giải pháp nhằm giảm gánh nặng chi phí y tế cho người bệnh.",
  },
  {
    number: 5,
    title: "Nâng cao năng lực quản lý, thanh tra, kiểm tra, giám định bảo hiểm y tế",
    body: "Tăng cường, nâng cao năng lực cho các cơ quan quản lý nhà nước và cơ quan tổ chức thực hiện về bảo hiểm y tế ở Trung ương và địa phương; hoàn thiện cơ chế phối hợp thanh tra, kiểm tra, giám sát liên ngành, xử lý nghiêm các hành vi vi phạm, trục lợi bảo hiểm y tế; đa dạng các loại hình cung ứng dịch vụ bảo hiểm y tế; kiểm soát chi phí khám, chữa bệnh bảo hiểm y tế minh bạch, khoa học, nâng cao năng lực giám định bảo hiểm y tế. Triển khai đầy đủ các phương thức thanh toán bảo hiểm y tế, xác định phương thức hỗ trợ trực tiếp cho người tham gia bảo hiểm y tế khi sử dụng dịch vụ y tế; có giải pháp phòng, chống tham nhũng, lãng phí, tiêu cực trong thanh toán chi phí khám, chữa bệnh bảo hiểm y tế.",
  },
  {
    number: 6,
    title: "Hoàn thiện hạ tầng, cải cách hành chính, chuyển đổi số bảo hiểm y tế",
    body: "Hoàn thiện cơ sở hạ tầng, đẩy mạnh cải cách hành chính, chuyển đổi số toàn diện công tác bảo hiểm y tế; tăng cường ứng dụng trí tuệ nhân tạo, dữ liệu lớn để kiểm soát, giám sát dịch vụ khám, chữa bệnh bảo hiểm y tế, bảo đảm cơ sở dữ liệu quốc gia về bảo hiểm y tế liên thông, đồng bộ cơ sở dữ liệu của các bộ, ngành, địa phương với cơ sở dữ liệu quốc gia về y tế.",
  },
  {
    number: 7,
    title: "Tổ chức thực hiện",
    body: "Tổ chức thực hiện\n\n- Các tỉnh uỷ, thành uỷ, đảng uỷ trực thuộc Trung ương chỉ đạo tổ chức nghiên cứu, quán triệt, tuyên truyền, phổ biến sâu rộng nội dung Chỉ thị tới cán bộ, đảng viên và Nhân dân; xây dựng chương trình, kế hoạch với các nhiệm vụ, giải pháp, lộ trình cụ thể thực hiện Chỉ thị và thường xuyên đôn đốc, kiểm tra, giám sát việc thực hiện.\n\n- Đảng uỷ Quốc hội, Đảng uỷ Chính phủ lãnh đạo, chỉ đạo các cơ quan chức năng rà soát, sửa đổi, bổ sung, hoàn thiện chính sách, pháp luật liên quan đến công tác bảo hiểm y tế.\n\n- Đảng uỷ Chính phủ lãnh đạo Chính phủ chỉ đạo Bộ Y tế, Bộ Tài chính phối hợp chặt chẽ với các ban, bộ, ngành, địa phương triển khai tổ chức thực hiện hiệu quả Chỉ thị này.\n\n- Đảng uỷ Mặt trận Tổ quốc, các đoàn thể Trung ương đẩy mạnh công tác tuyên truyền, vận động, giám sát, phản biện xã hội trong quá trình triển khai, thực hiện Chỉ thị.\n\n- Ban Tuyên giáo và Dân vận Trung ương chủ trì, phối hợp với các cơ quan liên quan hướng dẫn, theo dõi, kiểm tra, đôn đốc việc triển khai, thực hiện Chỉ thị và định kỳ báo cáo Ban Bí thư.",
  },
];
