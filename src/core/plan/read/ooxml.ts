import JSZip from 'jszip'
import { isCompoundFile, PlanReadError } from './errors.js'

/**
 * Opens the zip package of a .docx (jszip, the zip library exceljs itself uses) with the errors a user
 * can act on: an OLE compound file under a .docx name is encrypted (password) or an old .doc renamed;
 * anything else that is not a zip is damaged.
 */
export async function openOoxmlPackage(bytes: Uint8Array, file: string, saveAs: string): Promise<JSZip> {
  if (isCompoundFile(bytes)) {
    throw new PlanReadError(file, '文件设置了打开密码（已加密），或是改了扩展名的旧版 Office 文件', `请去掉密码或另存为 ${saveAs} 后再上传`)
  }
  try {
    return await JSZip.loadAsync(bytes)
  } catch (error) {
    throw new PlanReadError(file, '文件已损坏，不是有效的 Office 文档', `请用 Office/WPS 打开确认后重新另存为 ${saveAs} 再上传`, {
      cause: error,
    })
  }
}

/** The text of one part of the package, or undefined when the package has no such part. */
export async function readPart(zip: JSZip, path: string): Promise<string | undefined> {
  return zip.file(path)?.async('string')
}
