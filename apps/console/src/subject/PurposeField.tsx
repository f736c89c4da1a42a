import { FieldError, Input, Label, Text, TextField } from 'react-aria-components';
import { useTranslation } from 'react-i18next';

/** Why the DPO reads a subject's records (sent as X-Purpose, kept in the access audit log). */
export function PurposeField({ value, onChange, problem }: { value: string; onChange(value: string): void; problem?: string }) {
  const { t } = useTranslation();
  return (
    <TextField name="purpose" value={value} onChange={onChange} isRequired isInvalid={problem !== undefined} className="field" maxLength={200}>
      <Label>{t('purpose.label')}</Label>
      <Input list="purpose-suggestions" />
      <datalist id="purpose-suggestions">
        {(['accessRequest', 'erasureRequest', 'breachInvestigation', 'complaint'] as const).map((s) => (
          <option key={s} value={t(`purpose.suggestion.${s}`)} />
        ))}
      </datalist>
      <Text slot="description">{t('purpose.help')}</Text>
      <FieldError>{problem}</FieldError>
    </TextField>
  );
}
