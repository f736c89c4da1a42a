/** A GET whose body is kept as bytes (the PDF form of a summary), where the JSON client would decode it as text. */
export async function getBytes(url: string, headers: Record<string, string> = {}): Promise<{ status: number; contentType: string | null; body: Buffer }> {
  const response = await fetch(url, { headers });
  return { status: response.status, contentType: response.headers.get('content-type'), body: Buffer.from(await response.arrayBuffer()) };
}
