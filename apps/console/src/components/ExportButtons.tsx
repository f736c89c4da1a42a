import { useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { useSignedIn } from '../session/SessionProvider';
import { saveFile } from './download';

export type ExportFormat = 'csv' | 'pdf';

const MEDIA: Record<ExportFormat, string> = { csv: 'text/csv', pdf: 'application/pdf' };

/**
 * Exports of a register as CSV or PDF, asked for with Accept. A ledger without them (they come
 * with issue 15) answers JSON, and the console says the export is not available.
 */
export function ExportButtons({ path, formats, fileStem }: { path: string; formats: readonly ExportFormat[]; fileStem: string }) {
  const { t } = useTranslation();
  const { api } = useSignedIn();
  const [message, setMessage] = useState<string>();
  const download = async (format: ExportFormat) => {
    setMessage(undefined);
    try {
      const file = await api.export(path, MEDIA[format]);
      if (!file.contentType.startsWith(MEDIA[format])) {
        setMessage(t('export.notAvailable', { format: format.toUpperCase() }));
        return;
      }
      saveFile(file.blob, file.fileName ?? `${fileStem}.${format}`);
    } catch (error) {
      setMessage(error instanceof Error ? error.message : String(error));
    }
  };
  return (
    <div className="export-buttons">
      {formats.map((format) => (
        <Button key={format} className="button secondary" onPress={() => void download(format)}>
          {t('export.as', { format: format.toUpperCase() })}
        </Button>
      ))}
      <p className="export-message" role="status">
        {message}
      </p>
    </div>
  );
}
