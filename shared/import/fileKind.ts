/** What a file is, from its name and first bytes: read as rows of a sheet, or as delimited text. */

/** An Excel workbook: by its name, or by the zip signature its bytes start with. */
export const isWorkbook = (fileName: string, bytes: Uint8Array): boolean =>
  /\.xlsx$/i.test(fileName) || (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04);

/** A Parquet file: "PAR1" at its start. */
export const isParquet = (bytes: Uint8Array): boolean =>
  bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x41 && bytes[2] === 0x52 && bytes[3] === 0x31;
