import type { cli as en } from '../en/cli.js';
import type { Catalogue } from '../types.js';
import { cliExamples } from './cli-examples.js';

export const cli: Catalogue<keyof typeof en> = {
  // --help: the root program and commander's own texts
  'help.root.description': 'ส่ง SMS จำนวนมากและ OTP ผ่าน ThaiBulkSMS SEPSMS และ ME-SMS (มีแซนด์บ็อกซ์ในตัวให้ลองใช้)',
  'help.root.profile': 'โปรไฟล์ที่จะใช้ (ค่าเริ่มต้น: SMSCTL_PROFILE, SMSCTL_PROVIDER แล้วจึงโปรไฟล์ค่าเริ่มต้น)',
  'help.root.verbose': 'พิมพ์คำขอ HTTP และคำตอบทุกรายการไปที่ stderr (ปิดบังคีย์ลับไว้)',
  'help.root.no_color': 'ไม่ใช้สี (ตั้ง NO_COLOR ก็ได้ผลเหมือนกัน)',
  'help.version': 'แสดงหมายเลขเวอร์ชัน',
  'help.help_option': 'แสดงวิธีใช้ของคำสั่ง',
  'help.help_command': 'แสดงวิธีใช้ของคำสั่ง',
  'help.title.usage': 'วิธีใช้:',
  'help.title.arguments': 'อาร์กิวเมนต์:',
  'help.title.options': 'ตัวเลือก:',
  'help.title.global_options': 'ตัวเลือกที่ใช้ได้กับทุกคำสั่ง:',
  'help.title.commands': 'คำสั่ง:',
  'help.title.examples': 'ตัวอย่าง:',
  'help.choices': 'เลือกได้: {choices}',
  'help.default': 'ค่าเริ่มต้น: {value}',
  'help.preset': 'ค่าเมื่อไม่ระบุ: {value}',
  'help.env': 'ตัวแปรสภาพแวดล้อม: {name}',

  'help.group.otp': 'รหัสผ่านใช้ครั้งเดียว (OTP) ผ่าน SEPSMS หรือ ThaiBulkSMS',
  'help.group.profile': 'จัดการโปรไฟล์ผู้ให้บริการและคีย์ของแต่ละโปรไฟล์',
  'help.group.runs': 'การส่งที่บันทึกไว้ในเครื่องนี้: แต่ละรอบส่งอะไรไปแล้ว และเหลืออะไรให้ส่งต่อ',
  'help.group.sandbox': 'ตัวจำลอง ThaiBulkSMS SEPSMS และ ME-SMS ที่มีมาในตัว',
  'help.group.sandbox_webhooks': 'ตัวรับที่แซนด์บ็อกซ์ส่งเหตุการณ์ webhook แบบ SEPSMS ที่ลงนามแล้วไปให้',
  'help.group.webhook': 'รับ ตรวจสอบ ส่งต่อ และยิงรายงานผลการส่ง (webhook ของ SEPSMS และ callback ของ ThaiBulkSMS)',

  // Parser errors
  'cli.parse.see': '{message} — ดูวิธีใช้: {where}',
  'cli.parse.unknown_option': 'ไม่รู้จักตัวเลือก {flag}',
  'cli.parse.unknown_option_suggest': 'ไม่รู้จักตัวเลือก {flag} (หมายถึง {suggestion} หรือเปล่า)',
  'cli.parse.unknown_command': "ไม่รู้จักคำสั่ง '{name}'",
  'cli.parse.unknown_command_suggest': "ไม่รู้จักคำสั่ง '{name}' (หมายถึง {suggestion} หรือเปล่า)",
  'cli.parse.one_of': 'ตัวใดตัวหนึ่งใน {names}',
  'cli.parse.missing_argument': "ขาดอาร์กิวเมนต์ '{name}' ที่ต้องใส่",
  'cli.parse.missing_flag_value': "ตัวเลือก '{flags}' ต้องมีค่าตามหลัง",
  'cli.parse.missing_flag': "ต้องใส่ตัวเลือก '{flags}'",
  'cli.parse.excess_arguments': {
    one: "อาร์กิวเมนต์ของ '{command}' มากเกินไป รับได้ {count} ตัว แต่ได้มา {got} ตัว",
    other: "อาร์กิวเมนต์ของ '{command}' มากเกินไป รับได้ {count} ตัว แต่ได้มา {got} ตัว",
  },
  'cli.parse.excess_arguments_root': {
    one: 'อาร์กิวเมนต์มากเกินไป รับได้ {count} ตัว แต่ได้มา {got} ตัว',
    other: 'อาร์กิวเมนต์มากเกินไป รับได้ {count} ตัว แต่ได้มา {got} ตัว',
  },
  'cli.parse.invalid_flag_value': "ค่า '{value}' ของตัวเลือก '{flags}' ไม่ถูกต้อง {reason}",
  'cli.parse.invalid_argument': "ค่า '{value}' ของอาร์กิวเมนต์ '{name}' ไม่ถูกต้อง {reason}",
  'cli.parse.choices': 'เลือกได้เฉพาะ {choices}',
  'cli.parse.conflict': 'ใช้ {first} ร่วมกับ {second} ไม่ได้',
  'cli.parse.conflict_option': "ตัวเลือก '{flags}'",
  'cli.parse.conflict_env': "ตัวแปรสภาพแวดล้อม '{name}'",
  'cli.parse.secret_flag':
    '{flag}: smsctl ไม่รับคีย์ลับทางแฟล็ก (จะค้างอยู่ในประวัติของ shell ใน `ps` และใน log ของ cron) ให้ตั้ง SMSCTL_API_KEY / SMSCTL_API_SECRET (SMSCTL_OTP_KEY, SMSCTL_OTP_SECRET) หรือให้ `smsctl profile add` ถามให้',
  'cli.parse.flag_as_value': '{label} ต้องมีค่า แต่ได้แฟล็ก {flag} มาแทน ให้ใส่ค่าต่อจาก {option} ทันที',
  'cli.parse.flag_as_argument': '{arg} อยู่ในตำแหน่งที่ควรเป็นค่า — ดูวิธีใช้: {where}',

  // Shared sentences of src/cli/
  'cli.session.waiting': 'กำลังรอโปรเซส {pid}: มีคำสั่ง smsctl อื่นใช้แซนด์บ็อกซ์ในตัวอยู่ (รอได้นานสุด 60 วินาที)…',
  'cli.not_offered': '{provider} ไม่รองรับ `{command}` (ไม่มี API สำหรับเรื่องนี้)',
  'cli.not_offered_hint': '{provider} ไม่รองรับ `{command}` (ไม่มี API สำหรับเรื่องนี้): {hint}',
  'cli.instead.run_report': '`smsctl runs show RUN --report FILE` มีผลของแต่ละเบอร์ที่ส่งจากเครื่องนี้',
  'cli.instead.thaibulksms_status': 'ผลการส่งถึงจะมาที่ callback URL หรือดูได้ในแดชบอร์ดของ ThaiBulkSMS และ {runReport}',
  'cli.instead.thaibulksms_cancel': 'ยกเลิกข้อความที่ตั้งเวลาส่งไว้ของ ThaiBulkSMS ได้ในแดชบอร์ดบนเว็บ',
  'cli.instead.mesms_otp': 'ใช้โปรไฟล์ SEPSMS หรือ ThaiBulkSMS สำหรับ OTP (`smsctl profile add NAME --provider sepsms`)',
  'cli.unknown_message': '{provider} ไม่มีข้อความ {ref} โปรดตรวจสอบรหัสอ้างอิง',
  'cli.unknown_message_mesms': '{provider} ไม่มีข้อความ {ref} โปรดตรวจสอบรหัสอ้างอิง (`smsctl messages` แสดงข้อความทั้งหมดของบัญชี)',
  'cli.listen.bad_port': '--port: ต้องเป็นพอร์ตตั้งแต่ {min} ถึง 65535 แต่ได้ "{value}"',
  'cli.listen.in_use': '--port {port}: มีโปรแกรมอื่นใช้พอร์ตนี้อยู่บน {host}{hint} ให้เลือกพอร์ตอื่น หรือใช้ --port 0 เพื่อเลือกพอร์ตว่างให้เอง',
  'cli.listen.not_allowed': '--port {port}: ไม่มีสิทธิ์เปิดพอร์ตนี้ (พอร์ตต่ำกว่า 1024 ต้องใช้สิทธิ์ผู้ดูแลระบบ) ให้เลือกพอร์ตที่สูงกว่า 1024',
  'cli.listen.bad_host': '--host {host}: ไม่ใช่ที่อยู่ของเครื่องนี้',
  'cli.stopped': 'หยุดเพราะได้รับ {signal}',
  'cli.stopped_detail': 'หยุดเพราะได้รับ {signal}: {detail}',
  'cli.prompt.cancelled': 'หยุดแล้ว ยังไม่ได้ทำอะไร',
  'cli.prompt.yes': 'ใช่',
  'cli.prompt.no': 'ไม่',
  'cli.prompt.select_keys': '↑↓ เลื่อน • ⏎ เลือก',
  'cli.prompt.code_empty': 'พิมพ์รหัสจาก SMS (กด Ctrl-C เพื่อหยุด)',
  'cli.prompt.code_expired': 'หมดอายุแล้ว',

  // balance
  'balance.description': 'แสดงเครดิตคงเหลือของโปรไฟล์',
  'balance.json': 'พิมพ์ผลเป็น JSON: {"ok":true,"profile","provider","balance","byType"?}',
  'balance.line': {
    one: 'เครดิตคงเหลือ {count}{types} — {provider} โปรไฟล์ {profile}',
    other: 'เครดิตคงเหลือ {count}{types} — {provider} โปรไฟล์ {profile}',
  },

  // completion
  'completion.description': 'พิมพ์สคริปต์เติมคำอัตโนมัติสำหรับ bash zsh หรือ fish: คำสั่ง แฟล็ก ชื่อโปรไฟล์ และชื่อผู้ให้บริการ',
  'completion.shell': 'shell ที่จะเติมคำให้',
  'completion.unknown_shell': 'ไม่รู้จัก shell "{shell}" เลือกได้: {shells}',

  // mcp
  'mcp.description': 'เปิด MCP server บน stdio ให้ AI agent ใช้ (Claude Code, Claude Desktop, Gemini CLI): เครดิตคงเหลือ ค่าส่ง สถานะ และ OTP ส่งจริงได้ก็ต่อเมื่อใส่ --allow-send',
  'mcp.allow_send': 'ให้ agent ส่งและยกเลิกได้จริง (ค่าเริ่มต้น: send_sms และ cancel_scheduled แค่แสดงแผน ไม่ส่งจริง)',
  'mcp.max_recipients': 'ใช้กับ --allow-send: จำนวนผู้รับสูงสุดของการส่งหนึ่งครั้ง',
  'mcp.max_credits': 'ใช้กับ --allow-send: เครดิตสูงสุดที่การส่งหนึ่งครั้งใช้ได้',
  'mcp.started': 'smsctl MCP server ทำงานบน stdio — {provider} โปรไฟล์ {profile} {sending}',
  'mcp.sandbox_provider': 'แซนด์บ็อกซ์ {provider}',
  'mcp.sending_allowed': 'เปิดให้ส่งได้: ครั้งละไม่เกิน {recipients} ราย และไม่เกิน {credits} เครดิต',
  'mcp.sending_off': 'ปิดการส่งอยู่ (เปิดได้ด้วย --allow-send)',
  'mcp.confirm_title': 'ดำเนินการต่อ',
  'mcp.confirm_description': 'ใช่ เพื่อดำเนินการต่อ ไม่ เพื่อหยุด',
  'mcp.confirm_send': 'ส่ง "{text}" ถึง{recipients} ใช้ {credits}{when} ({provider} โปรไฟล์ {profile}) เลยไหม?',
  'mcp.confirm_when': ' นัดส่ง {time}',
  'mcp.confirm_cancel': 'ยกเลิกข้อความที่ตั้งเวลาส่งไว้ {ref}: {recipients} สถานะ {status}{when} เลยไหม?',
  'mcp.confirm_goes_out': ' จะส่งออก {time}',
  'mcp.recipients': { one: 'ผู้รับ {count} ราย', other: 'ผู้รับ {count} ราย' },
  'mcp.credits': { one: '{count} เครดิต', other: '{count} เครดิต' },
  'mcp.no_json': 'smsctl {command} ไม่ได้พิมพ์ JSON ออกมา (exit {code})',
  'mcp.no_prompts': 'ในโหมด MCP ถามผู้ใช้ไม่ได้',

  ...cliExamples,
};
