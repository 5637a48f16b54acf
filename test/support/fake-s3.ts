/**
 * A fake S3-compatible object store on loopback, speaking S3's REST wire format in path style
 * (`PUT|GET|DELETE /<bucket>/<key>`): objects in memory, `404 NoSuchKey` XML for a missing key, `204` for
 * DELETE. It refuses a request without an AWS Signature V4 `Authorization` header for its access key (and the
 * `x-amz-date` / `x-amz-content-sha256` headers SigV4 signs), the way MinIO would.
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeS3 {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  objects: Map<string, { body: Buffer; contentType?: string }>;
  requests: { method: string; path: string }[];
  close(): Promise<void>;
}

const errorXml = (code: string, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>fake</RequestId></Error>`;

export async function startFakeS3(bucket = 'switchboard-attachments'): Promise<FakeS3> {
  const accessKeyId = 'AKIAFAKES3TEST';
  const secretAccessKey = 'fake-s3-secret-key';
  const objects: FakeS3['objects'] = new Map();
  const requests: FakeS3['requests'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      requests.push({ method: req.method ?? '', path: url.pathname });
      const fail = (status: number, code: string, message: string) => {
        res.writeHead(status, { 'content-type': 'application/xml' });
        res.end(errorXml(code, message));
      };
      const auth = req.headers.authorization ?? '';
      const sigv4 = new RegExp(`^AWS4-HMAC-SHA256 Credential=${accessKeyId}/\\d{8}/[a-z0-9-]+/s3/aws4_request, ?SignedHeaders=[a-z0-9;-]+, ?Signature=[0-9a-f]{64}$`);
      if (!sigv4.test(auth) || !req.headers['x-amz-date'] || !req.headers['x-amz-content-sha256']) {
        return fail(403, 'AccessDenied', 'missing or malformed AWS Signature Version 4');
      }
      const body = Buffer.concat(chunks);
      const declaredHash = String(req.headers['x-amz-content-sha256']);
      if (declaredHash !== 'UNSIGNED-PAYLOAD' && declaredHash !== createHash('sha256').update(body).digest('hex')) {
        return fail(400, 'XAmzContentSHA256Mismatch', 'the payload hash does not match x-amz-content-sha256');
      }
      const [, bucketName, ...rest] = url.pathname.split('/');
      const key = decodeURIComponent(rest.join('/'));
      if (bucketName !== bucket) return fail(404, 'NoSuchBucket', 'The specified bucket does not exist');
      if (!key) return fail(400, 'InvalidRequest', 'this fake serves objects only');
      if (req.method === 'PUT') {
        objects.set(key, { body, contentType: req.headers['content-type'] });
        res.writeHead(200, { etag: `"${createHash('md5').update(body).digest('hex')}"` });
        return res.end();
      }
      if (req.method === 'GET') {
        const object = objects.get(key);
        if (!object) return fail(404, 'NoSuchKey', 'The specified key does not exist.');
        res.writeHead(200, { 'content-type': object.contentType ?? 'application/octet-stream', 'content-length': object.body.length });
        return res.end(object.body);
      }
      if (req.method === 'DELETE') {
        objects.delete(key);
        res.writeHead(204);
        return res.end();
      }
      fail(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`, bucket, accessKeyId, secretAccessKey, objects, requests,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
