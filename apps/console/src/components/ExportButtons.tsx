import { useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { QueryValue } from '../api/client';
import { useSignedIn } from '../session/SessionProvider';
import { saveFile } from './download';

export type ExportFormat = 'csv' | 'pdf';

const MEDIA: Record<ExportFormat, string> = { csv: 'text/csv', pdf: 'application/pdf' };

/**
 * Downloads of a register as CSV or PDF, asked for with Accept (and Accept-Language: the
 * console's language), with the screen's filters. The file holds every row that matches, not
 * only the pages shown. Should a ledger answer JSON instead, the console says so.
 */
export function ExportButtons({
  path,
  formats,
  fileStem,
  query,
}: {
  path: string;
  formats: readonly ExportFormat[];
  fileStem: string;
  query?: Record<string, QueryValue>;
}) {
  const { t } = useTranslation();
  const { api } = useSignedIn();
  const [message, setMessage] = useState<string>();
  const download = async (format: ExportFormat) => {
    setMessage(undefined);
    try {
      const file = await api.export(path, MEDIA[format], query);
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
