import type { cliExamples as en } from '../en/cli-examples.js';
import type { Catalogue } from '../types.js';

/** The comments of the --help examples; the commands above each stay exactly as typed. */
export const cliExamples: Catalogue<keyof typeof en> = {
  // smsctl --help
  /** smsctl --profile sandbox send --csv fixtures/contacts.csv -m "สวัสดีคุณ{{name}}" --dry-run */
  'help.example.root.1': 'ลองดูก่อน ไม่ต้องมีบัญชี',
  /** smsctl profile add shop --provider sepsms --sender SHOP --default */
  'help.example.root.2': 'บัญชีของคุณเอง (จะถามหาคีย์)',

  // smsctl send --help
  /** smsctl --profile sandbox send --to 0812345678 -m "สวัสดีครับ ทดสอบจาก smsctl" --yes */
  'help.example.send.1': 'ลองกับแซนด์บ็อกซ์ในตัว ไม่มีอะไรออกจากเครื่องของคุณ',
  /** smsctl send --csv customers.csv --message "สวัสดีคุณ{{name}} แต้มของคุณ {{points}}" */
  'help.example.send.3': 'แสดงสรุปก่อน แล้วถามว่า "ส่งเลยไหม? (y/N)"',
  /** smsctl send --csv customers.csv --phone-column "Mobile No" --message-file promo.txt --dry-run */
  'help.example.send.4': 'ทำทุกขั้นตอนยกเว้นการส่งจริง',
  /** smsctl send --csv customers.csv -m "ลดทุกรายการ 10% วันนี้เท่านั้น" --schedule "2026-12-01 10:00" */
  'help.example.send.5': 'เวลากรุงเทพฯ',
  /** smsctl send --csv customers.csv -m "สวัสดี {{name}}" --report result.csv */
  'help.example.send.6': 'รายงานผลทีละแถวของไฟล์ต้นทาง',
  /** cat list.csv | smsctl send --csv - -m "Your code is ready" --yes --json */
  'help.example.send.7': 'อ่านจาก stdin ไม่ถาม ผลเป็น JSON (สำหรับ cron)',
  /** smsctl send --resume */
  'help.example.send.8': 'ส่งต่อรอบการส่งล่าสุดที่ยังไม่เสร็จ',
  /** smsctl send --resume 20261201T093000-a1b2c3 --resend-unknown --yes */
  'help.example.send.9': 'ส่งซ้ำรายการที่ไม่ทราบผลด้วย บางคนอาจได้รับสองครั้ง',
  /** smsctl --profile tbs send --csv customers.csv -m "Your order has shipped" --callback-url https://example.com/hooks/tbs */
  'help.example.send.10': 'ThaiBulkSMS แจ้งผลของแต่ละเบอร์ไปที่นั่น',
  /** smsctl --profile tbs send --csv customers.csv -m "Sale today" --credit-type corporate --tag spring --shorten-urls */
  'help.example.send.11': 'เฉพาะ ThaiBulkSMS',
  /** smsctl --profile sandbox send --group 2 --template-id 2 --var name=Team --var order=A1 */
  'help.example.send.12': 'ME-SMS: กลุ่มรายชื่อและเทมเพลตที่บันทึกไว้',
  /** smsctl --profile shop send --csv customers.csv -m "สวัสดีคุณ{{name}}" --personalise provider --dry-run --json */
  'help.example.send.13': 'SEPSMS เติมชื่อให้ทีละคน ดูข้อความที่จะส่งจริงได้',

  // smsctl balance --help
  /** smsctl balance */
  'help.example.balance.1': 'เครดิตคงเหลือของโปรไฟล์ค่าเริ่มต้น',
  /** smsctl --profile sandbox balance */
  'help.example.balance.2': 'แซนด์บ็อกซ์ก็มีเครดิต ไม่ต้องมีบัญชี',
  /** smsctl balance --json */
  'help.example.balance.3': 'ได้ {"balance": 18420, ...}',

  // smsctl runs --help
  /** smsctl runs list */
  'help.example.runs.1': 'ทุกการส่งที่บันทึกไว้ในเครื่องนี้',
  /** smsctl runs close 20261201T093000-a1b2c3 */
  'help.example.runs.3': 'ยอมรับผลตามที่เป็นอยู่',

  // smsctl runs list --help
  /** smsctl runs list */
  'help.example.runs_list.1': 'รหัส สถานะ เวลาที่สร้าง โปรไฟล์ ผู้ให้บริการ และจำนวนผู้รับในแต่ละสถานะ',

  // smsctl runs show --help
  /** smsctl runs show 20261201T093000-a1b2c3 */
  'help.example.runs_show.1': 'สิ่งที่สั่งไว้ จำนวนในแต่ละสถานะ และคำสั่งสำหรับส่งต่อ',
  /** smsctl runs show 20261201T093000-a1b2c3 --report result.csv */
  'help.example.runs_show.2': 'รายงานรายแถว สร้างจากบันทึกการส่ง',

  // smsctl runs close --help
  /** smsctl runs close 20261201T093000-a1b2c3 */
  'help.example.runs_close.1': 'เหลือแต่รายการที่ไม่ทราบผล และคุณไม่อยากเสี่ยงส่งซ้ำ',

  // smsctl status --help
  /** smsctl status */
  'help.example.status.1': 'สถานะการส่งถึงของรอบการส่งล่าสุด',
  /** smsctl --profile sandbox status --watch */
  'help.example.status.2': 'ติดตามจนผู้รับทุกรายได้สถานะสุดท้าย',
  /** smsctl status --watch --timeout 600 --json */
  'help.example.status.3': 'สำหรับ cron: exit 0 เมื่อได้ผลครบ 9 เมื่อยังไม่ครบ',
  /** smsctl status 20261201T093000-a1b2c3 --json */
  'help.example.status.4': 'รอบการส่งเดียว ตามรหัสรอบการส่ง',
  /** smsctl status 9f8b2c1e-4d3a-4b7e-9c1f-2a6d8e0b5c73 */
  'help.example.status.5': 'ข้อความเดียว ตามรหัสอ้างอิง (SEPSMS, ME-SMS)',

  // smsctl recipients --help
  /** smsctl recipients 9f8b2c1e-4d3a-4b7e-9c1f-2a6d8e0b5c73 */
  'help.example.recipients.1': 'เป็นตารางจัดแนวบนเทอร์มินัล เป็น CSV เมื่อส่งต่อทาง pipe',
  /** smsctl recipients 9f8b2c1e-4d3a-4b7e-9c1f-2a6d8e0b5c73 --output report.csv */
  'help.example.recipients.2': 'ครบทุกหน้า ไฟล์จะปรากฏเมื่อดึงครบแล้วเท่านั้น',
  /** smsctl recipients 20261201T093000-a1b2c3 --format ndjson > run.ndjson */
  'help.example.recipients.3': 'ทุกข้อความของรอบการส่ง พร้อมฟิลด์ reference',
  /** smsctl recipients 9f8b2c1e-4d3a-4b7e-9c1f-2a6d8e0b5c73 --status failed --json */
  'help.example.recipients.4': 'เบอร์ที่ล้มเหลว เป็นเอกสาร JSON เดียว',
  /** smsctl recipients 9f8b2c1e-4d3a-4b7e-9c1f-2a6d8e0b5c73 --after 4850 >> report.csv */
  'help.example.recipients.5': 'ดึงต่อจากที่หยุดไว้ (ไม่มีบรรทัดหัวคอลัมน์)',

  // smsctl cancel --help
  /** smsctl cancel 9f8b2c1e-4d3a-4b7e-9c1f-2a6d8e0b5c73 */
  'help.example.cancel.1': 'แสดงชื่อผู้ส่ง เวลา ผู้รับ และเครดิตที่จะได้คืน แล้วจึงถาม',
  /** smsctl cancel 9f8b2c1e-4d3a-4b7e-9c1f-2a6d8e0b5c73 --yes */
  'help.example.cancel.2': 'ไม่มีเทอร์มินัล ต้องใส่ --yes',

  // smsctl mcp --help
  /** smsctl --profile sandbox mcp */
  'help.example.mcp.1': 'ลองดู ทุกเครื่องมือใช้กับแซนด์บ็อกซ์ และปิดการส่งไว้',
  /** smsctl --profile shop mcp --allow-send --max-recipients 5 --max-credits 10 */
  'help.example.mcp.2': 'ส่งจริง โดยจำกัดไว้ต่อการเรียกหนึ่งครั้ง',

  // smsctl preview-cost --help
  /** smsctl --profile sandbox preview-cost --csv fixtures/contacts.csv -m "สวัสดีคุณ{{name}}" */
  'help.example.preview_cost.1': 'ไม่มีการส่ง',
  /** smsctl preview-cost --group 1 -m "ลดทุกรายการ 10%" */
  'help.example.preview_cost.3': 'กลุ่มรายชื่อของ ME-SMS ให้ ME-SMS นับให้',

  // smsctl messages --help
  /** smsctl messages */
  'help.example.messages.1': '20 ข้อความล่าสุดของบัญชี (ME-SMS)',
  /** smsctl messages --status scheduled --from "2026-12-01" --to "2026-12-31 23:59" */
  'help.example.messages.2': 'เวลากรุงเทพฯ',

  // smsctl senders --help
  /** smsctl senders */
  'help.example.senders.1': 'ชื่อผู้ส่งและสถานะ ส่งได้เฉพาะชื่อที่อนุมัติแล้ว (ME-SMS)',

  // smsctl otp --help
  /** smsctl --profile dev otp test 0812345678 */
  'help.example.otp.1': 'ครบทุกขั้นที่เทอร์มินัล: ส่ง พิมพ์รหัส ยืนยัน',
  /** smsctl otp send 0812345678 */
  'help.example.otp.2': 'พิมพ์รหัสอ้างอิงที่ `otp verify` ต้องใช้',
  /** smsctl otp verify A3K9X2 123456 */
  'help.example.otp.3': 'exit 0 ยืนยันผ่าน 10 ไม่ผ่าน (พร้อมเหตุผล)',

  // smsctl otp send --help
  /** smsctl otp send 0812345678 */
  'help.example.otp_send.1': 'โปรไฟล์ SEPSMS หรือ ThaiBulkSMS พิมพ์รหัสอ้างอิงออกมา',
  /** smsctl otp send 0812345678 > ref.txt */
  'help.example.otp_send.2': 'stdout มีแค่รหัสอ้างอิง ที่เหลือออกทาง stderr',
  /** smsctl --profile dev otp send 0812345678 --json */
  'help.example.otp_send.3': 'โปรไฟล์ dev: profile add dev --provider sepsms --sandbox',
  /** smsctl otp send 0812345678 --template "รหัส OTP ของคุณคือ {code} (อ้างอิง {ref})" --ttl 300 --length 6 */
  'help.example.otp_send.4': 'เฉพาะ SEPSMS',

  // smsctl otp verify --help
  /** smsctl otp verify A3K9X2 123456 */
  'help.example.otp_verify.1': 'exit 0 ยืนยันผ่าน 10 ไม่ผ่าน: รหัสผิด หมดอายุ หรือใช้ไปแล้ว',
  /** smsctl otp verify A3K9X2 */
  'help.example.otp_verify.2': 'ถามรหัสบนเทอร์มินัล โดยไม่แสดงตัวอักษร',
  /** smsctl --profile dev otp verify A3K9X2 123456 --json */
  'help.example.otp_verify.3': 'ได้ {"verified":false,"reason":"wrong",…} เมื่อ exit 10',

  // smsctl otp test --help
  /** smsctl --profile dev otp test 0812345678 */
  'help.example.otp_test.1': 'ส่ง นับถอยหลัง พิมพ์รหัส ยืนยัน แล้วสรุปเวลาตอนท้าย',
  /** smsctl otp test 0812345678 --attempts 5 --ttl 120 */
  'help.example.otp_test.2': 'บัญชี SEPSMS จริง รหัสจะส่งมาที่โทรศัพท์ของคุณ',
  /** smsctl --profile dev otp test 0812345678 --auto --json */
  'help.example.otp_test.3': 'โปรไฟล์แซนด์บ็อกซ์ อ่านรหัสจากกล่องข้อความเอง (CI)',

  // smsctl profile --help
  /** smsctl profile add shop --provider sepsms --sender SHOP --default */
  'help.example.profile.1': 'จะถามหา API key (ไม่แสดงตัวอักษร)',
  /** smsctl profile use shop */
  'help.example.profile.3': 'ตั้งเป็นโปรไฟล์ค่าเริ่มต้น',
  /** smsctl profile test shop */
  'help.example.profile.4': 'ทดสอบว่าคีย์ใช้ได้',

  // smsctl profile edit --help
  /** smsctl profile edit shop --sender SHOP2 */
  'help.example.profile_edit.1': 'เปลี่ยนค่าเดียว คีย์เดิมยังอยู่',
  /** smsctl profile edit tbs --set-key api-secret */
  'help.example.profile_edit.2': 'เปลี่ยนคีย์เดียว (ถามโดยไม่แสดงตัวอักษร)',
  /** smsctl profile edit me --unset base-url */
  'help.example.profile_edit.3': 'กลับไปใช้ที่อยู่ของผู้ให้บริการเอง',
  /** smsctl profile edit shop --set-key webhook-secret */
  'help.example.profile_edit.4': 'สำหรับ smsctl webhook (ถามโดยไม่แสดงตัวอักษร)',
  'help.example.profile_edit.5': 'ให้ smsctl ใช้ภาษาไทยกับโปรไฟล์นี้ (--lang และ SMSCTL_LANG ยังมีผลก่อน)',

  // smsctl profile add --help
  /** smsctl profile add shop --provider sepsms --sender SHOP --default */
  'help.example.profile_add.1': 'จะถามหา API key (ไม่แสดงตัวอักษร)',
  /** smsctl profile add tbs --provider thaibulksms */
  'help.example.profile_add.2': 'จะถามหาคีย์ คีย์ลับ และคีย์/คีย์ลับของ OTP',
  /** smsctl profile add dev --provider sepsms --sandbox */
  'help.example.profile_add.3': 'ตัวจำลองในตัว ไม่ต้องใช้คีย์',
  /** smsctl profile add shop --provider sepsms --webhook-secret */
  'help.example.profile_add.4': 'ถามคีย์ลับสำหรับลงนาม webhook ด้วย (ไม่แสดงตัวอักษร)',

  // smsctl profile list --help
  /** smsctl profile list */
  'help.example.profile_list.1': '* คือโปรไฟล์ค่าเริ่มต้น คีย์แสดงแบบปิดบัง',

  // smsctl profile show --help
  /** smsctl profile show sandbox --json */
  'help.example.profile_show.2': 'โปรไฟล์ที่มีมาในตัว',

  // smsctl profile use --help
  /** smsctl profile use shop */
  'help.example.profile_use.1': 'ตั้งเป็นโปรไฟล์ค่าเริ่มต้น',
  /** smsctl profile use sandbox */
  'help.example.profile_use.2': 'กลับไปใช้ตัวจำลองในตัว',

  // smsctl profile remove --help

  // smsctl profile test --help
  /** smsctl profile test shop */
  'help.example.profile_test.1': 'ถามเครดิตคงเหลือจากผู้ให้บริการ',

  // smsctl sandbox --help
  /** smsctl sandbox serve --port 8787 */
  'help.example.sandbox.1': 'รันตัวจำลองเป็น HTTP server จนกว่าจะกด Ctrl-C',
  /** smsctl sandbox inbox --msisdn 0812345678 */
  'help.example.sandbox.2': 'ข้อความที่โทรศัพท์เบอร์นี้ได้รับ',

  // smsctl sandbox serve --help
  /** smsctl sandbox serve */
  'help.example.sandbox_serve.1': 'http://127.0.0.1:8787 เก็บสถานะไว้ในหน่วยความจำ',
  /** smsctl sandbox serve --port 0 --state sandbox-state.json --seed 42 */
  'help.example.sandbox_serve.2': 'พอร์ตว่างใดก็ได้ เก็บสถานะไว้ในไฟล์ ได้รหัสชุดเดิมทุกครั้ง',
  /** smsctl sandbox serve --latency 200 --delivery-delay 5000 */
  'help.example.sandbox_serve.3': 'ตอบช้า และรายงานผลการส่งถึงช้า',
  /** smsctl sandbox serve --otp-ttl 10 */
  'help.example.sandbox_serve.4': 'รหัส OTP หมดอายุใน 10 วินาที เพื่อดูว่าจัดการการหมดอายุอย่างไร',
  /** smsctl sandbox serve --host 127.0.0.1 --port 8787 */
  'help.example.sandbox_serve.5': 'จากนั้น: profile add dev --provider sepsms --sandbox --base-url http://127.0.0.1:8787',
  /** smsctl sandbox serve --webhook http://127.0.0.1:4000/ */
  'help.example.sandbox_serve.6': 'ส่งเหตุการณ์ SEPSMS ที่ลงนามแล้วไปให้ `webhook listen --port 4000`',
  /** smsctl sandbox serve --host 0.0.0.0 --allow-host sandbox */
  'help.example.sandbox_serve.7': 'เครื่องอื่นเข้าถึงได้ จะแสดงคำเตือนและโทเคนผู้ดูแล',

  // smsctl sandbox open --help
  /** smsctl sandbox open */
  'help.example.sandbox_open.1': 'พิมพ์ http://127.0.0.1:8787/ และเปิดแซนด์บ็อกซ์ที่นั่นถ้ายังไม่มีตัวไหนตอบ',
  /** smsctl sandbox open --browser */
  'help.example.sandbox_open.2': 'และเปิดในเบราว์เซอร์หลัก',
  /** smsctl sandbox open --url http://192.168.1.20:8787 */
  'help.example.sandbox_open.3': 'sandbox serve ที่รันอยู่ที่อื่น (โทเคนผู้ดูแลอยู่ใน SMSCTL_SANDBOX_TOKEN)',

  // smsctl sandbox inbox --help
  /** smsctl sandbox inbox --msisdn 0812345678 */
  'help.example.sandbox_inbox.1': 'เช่น อ่านรหัส OTP ที่โทรศัพท์จะได้รับ',
  /** smsctl sandbox inbox --url http://127.0.0.1:8787 --follow */
  'help.example.sandbox_inbox.2': 'จาก `sandbox serve` ที่รันอยู่ จนกว่าจะกด Ctrl-C',

  // smsctl webhook --help
  /** smsctl webhook listen --port 4000 --forward-to http://127.0.0.1:3000/hooks/sepsms */
  'help.example.webhook.1': 'ตรวจลายเซ็น แสดง แล้วส่งต่อ',
  /** smsctl webhook trigger dr.success --to http://127.0.0.1:3000/hooks/sepsms */
  'help.example.webhook.2': 'ยิงตัวอย่างที่ลงนามแล้วไปที่ตัวรับของคุณ',

  // smsctl webhook listen --help
  /** SMSCTL_WEBHOOK_SECRET=whsec_… smsctl webhook listen */
  'help.example.webhook_listen.1': 'http://127.0.0.1:4000/ จนกว่าจะกด Ctrl-C',
  /** smsctl webhook listen --port 4000 --forward-to http://127.0.0.1:3000/hooks/sepsms */
  'help.example.webhook_listen.2': 'ส่งต่อแต่ละเหตุการณ์ที่ตรวจแล้วไปยังแอปของคุณ',
  /** smsctl --profile shop webhook listen --port 0 --path /hooks --json */
  'help.example.webhook_listen.3': 'ใช้คีย์ลับ webhook ของโปรไฟล์ พิมพ์ JSON หนึ่งบรรทัดต่อหนึ่งเหตุการณ์',

  // smsctl webhook verify --help
  /** smsctl webhook verify --signature "t=1737020405,v1=5f0e…" --body-file body.json */
  'help.example.webhook_verify.1': 'exit 0 ถูกต้อง 3 ไม่ถูกต้อง (พร้อมเหตุผล)',

  // smsctl webhook trigger --help

  // smsctl sandbox webhooks --help
  /** smsctl sandbox webhooks add http://127.0.0.1:4000/ */
  'help.example.sandbox_webhooks.1': 'จากนั้น: smsctl webhook listen --port 4000 --secret <คีย์ลับที่พิมพ์ออกมา>',
  /** smsctl sandbox webhooks list --url http://127.0.0.1:8787 */
  'help.example.sandbox_webhooks.2': 'ตัวรับของ `sandbox serve` ที่รันอยู่',

  // smsctl sandbox webhooks add --help
  /** smsctl sandbox webhooks add http://127.0.0.1:4000/ */
  'help.example.sandbox_webhooks_add.1': 'ทุกเหตุการณ์ พร้อมคีย์ลับ whsec_… ใหม่ที่แสดงเพียงครั้งเดียว',
  /** smsctl sandbox webhooks add http://127.0.0.1:4000/ --url http://127.0.0.1:8787 --json */
  'help.example.sandbox_webhooks_add.3': 'บน `sandbox serve` ที่รันอยู่',

  // smsctl sandbox webhooks list --help
  /** smsctl sandbox webhooks list */
  'help.example.sandbox_webhooks_list.1': 'ตัวรับของแซนด์บ็อกซ์ในตัว คีย์ลับแสดงแบบปิดบัง',

  // smsctl sandbox webhooks remove --help
  /** smsctl sandbox webhooks remove wh_3f9a2c1b7d4e */
  'help.example.sandbox_webhooks_remove.1': 'ใช้ id ที่ `list` แสดง',

  // smsctl completion --help
  /** smsctl completion zsh > "${fpath[1]}/_smsctl" */
  'help.example.completion.2': 'จากนั้นเปิด shell ใหม่',
};
