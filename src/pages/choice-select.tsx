/** A labelled select of fixed choices (kinds, modes), each option shown by its label; the first is selected. */
export function ChoiceSelect<K extends string>(props: {
  id: string;
  name: string;
  label: string;
  choices: readonly K[];
  labels: Readonly<Record<K, string>>;
}) {
  return (
    <>
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.name}>
        {props.choices.map((k) => (
          <option value={k}>{props.labels[k]}</option>
        ))}
      </select>
    </>
  );
}
