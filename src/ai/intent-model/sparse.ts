/** Sparse vectors and row-compressed matrices in typed arrays: the only shapes the linear models read. */

export interface SparseVector {
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

/** Compressed sparse rows: row r's entries are indices/values[rowStart[r] .. rowStart[r + 1]). */
export interface SparseMatrix {
  readonly rows: number;
  readonly columns: number;
  readonly rowStart: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

export function stackRows(vectors: readonly SparseVector[], columns: number): SparseMatrix {
  const rowStart = new Int32Array(vectors.length + 1);
  vectors.forEach((vector, row) => { rowStart[row + 1] = rowStart[row] + vector.indices.length; });
  const indices = new Int32Array(rowStart[vectors.length]);
  const values = new Float32Array(rowStart[vectors.length]);
  vectors.forEach((vector, row) => {
    indices.set(vector.indices, rowStart[row]);
    values.set(vector.values, rowStart[row]);
  });
  return { rows: vectors.length, columns, rowStart, indices, values };
}
