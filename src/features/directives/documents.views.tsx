/** The register of documents' views: the kind choice and the superior document of a registration form. */

export const ACTION_LABELS: Record<string, string> = {
  "document.created": "Đăng ký",
  "document.corrected": "Sửa thông tin",
  "document.withdrawn": "Thu hồi khỏi hệ thống",
};

/** The kind choice, needed only when a number is shared by several kinds. */
export function DocumentKindFields(props: { docType?: string; term?: string }) {
  const choices: [string, string][] = [
    ["", "Theo số hiệu"],
    ["QĐ", "Quyết định"],
    ["QĐi", "Quy định"],
    ["NQ", "Nghị quyết"],
    ["LUAT", "Luật"],
    ["PL", "Pháp lệnh"],
  ];
  return (
    <>
      <label for="doc-kind">
        Tên loại văn bản (chọn khi số hiệu dùng chung cho nhiều loại, ví dụ 399-QĐ/TW, 262/2025/QH15)
      </label>
      <select id="doc-kind" name="docType">
        {choices.map(([code, label]) => (
          <option value={code} selected={code === (props.docType ?? "")}>
            {label}
          </option>
        ))}
      </select>
      <label for="doc-term">
        Nhiệm kỳ (văn bản của Đảng; để trống nếu theo ngày ban hành, ví dụ 2025-2030)
      </label>
      <input id="doc-term" name="term" maxlength={20} value={props.term ?? ""} />
    </>
  );
}

/** The superior document a new or corrected one implements (the link of the cascade). */
export function ParentDocumentField(props: {
  id: string;
  documents: { id: string; number: string }[];
  selected?: string | null;
}) {
  return (
    <>
      <label for={props.id}>Văn bản cấp trên</label>
      <select id={props.id} name="parentDocumentId">
        {props.documents.map((doc) => (
          <option value={doc.id} selected={doc.id === props.selected}>
            {doc.number}
          </option>
        ))}
      </select>
    </>
  );
}
