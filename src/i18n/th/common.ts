import type { common as en } from '../en/common.js';
import type { Catalogue } from '../types.js';

export const common: Catalogue<keyof typeof en> = {
  'lang.invalid_flag': '--lang {value}: smsctl ใช้ได้สองภาษาคือ en (อังกฤษ) หรือ th (ไทย)',
  'lang.invalid_env': 'SMSCTL_LANG={value}: smsctl ใช้ได้สองภาษาคือ en (อังกฤษ) หรือ th (ไทย) ถ้าต้องการให้ตามภาษาของเครื่อง ให้ลบตัวแปรนี้ออก',
  'lang.option': 'ภาษาของข้อความและคำอธิบาย: en หรือ th (ค่าเริ่มต้น: SMSCTL_LANG, ภาษาของโปรไฟล์, แล้วจึงภาษาของเครื่อง)',

  'exit.title': 'รหัสการจบการทำงาน (exit code):',
  'exit.done': 'เสร็จเรียบร้อย',
  'exit.internal': 'ข้อผิดพลาดภายในโปรแกรม (บั๊ก โปรดแจ้งเรา)',
  'exit.usage': 'ใช้คำสั่งไม่ถูกต้อง: แฟล็กผิด ไม่มีโปรไฟล์นี้ ต้องยืนยันหรือถูกปฏิเสธการยืนยัน หรือผู้ให้บริการนี้ไม่มีคำสั่งนี้',
  'exit.invalid': 'ข้อมูลไม่ถูกต้อง (ไฟล์ รายชื่อเบอร์ ข้อความ เวลานัดส่ง) หรือผู้ให้บริการปฏิเสธคำขอว่าไม่ถูกต้อง (400/404/409)',
  'exit.auth': 'ยืนยันตัวตนไม่ผ่านหรือไม่มีสิทธิ์ (401/403) หรือไม่มีคีย์ที่ใช้ได้',
  'exit.credit': 'เครดิตไม่พอ',
  'exit.rate_limited': 'ถูกจำกัดอัตราการส่ง แม้ลองใหม่แล้วก็ยังไม่ผ่าน',
  'exit.provider': 'ผู้ให้บริการหรือเครือข่ายขัดข้อง',
  'exit.partial': 'ส่งได้บางส่วน: บางคำขอส่งแล้ว บางคำขอล้มเหลว ไม่ทราบผล หรือยังไม่ได้ส่ง (send --resume)',
  'exit.timeout': 'เลิกรอแล้ว: status --watch ครบเวลา --timeout แต่ยังมีผู้รับที่สถานะยังไม่สิ้นสุด',
  'exit.otp_not_verified': 'ยืนยัน OTP ไม่ผ่าน',
  'exit.hangup': 'หยุดเพราะได้รับ SIGHUP (ปิดเทอร์มินัล) ส่งต่อได้',
  'exit.interrupted': 'ถูกขัดจังหวะ (Ctrl-C) ส่งต่อได้',
  'exit.terminated': 'หยุดเพราะได้รับ SIGTERM ส่งต่อได้',

  'demo.waiting': 'กำลังรอรายงานการส่งถึงผู้รับ…',
  'demo.inbox': 'ดูว่าโทรศัพท์ได้รับข้อความอะไร:  {command}',

  'error.prefix': 'smsctl: ผิดพลาด:',
  'error.internal': 'ข้อผิดพลาดภายในโปรแกรม: {message}',

  'time.both': '{time} (ค.ศ. {year})',
  'time.clock': '{time} น.',
  'time.ms': '{n} มิลลิวินาที',
  'time.s': '{n} วินาที',
};
