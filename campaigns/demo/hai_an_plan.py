"""Demo content taken from ../shared/plans/hai-an-ward-propaganda-plan-02-NQ-TU.txt."""

PURPOSES = ['Tuyên truyền, quán triệt sâu rộng nội dung Nghị quyết, tạo sự thống nhất cao về tư tưởng và hành '
 'động trong toàn Đảng bộ, hệ thống chính trị và sự đồng thuận trong Nhân dân; đề cao vai trò, '
 'trách nhiệm của cấp ủy, chính quyền, Mặt trận Tổ quốc và các tổ chức chính trị - xã hội, nhất là '
 'người đứng đầu trong lãnh đạo, chỉ đạo tổ chức thực hiện.',
 'Thông qua công tác tuyên truyền, nâng cao nhận thức của cán bộ, đảng viên và Nhân dân về vai '
 'trò, ý nghĩa của phát triển nhà ở xã hội đối với bảo đảm an sinh xã hội, ổn định đời sống Nhân '
 'dân, góp phần phát triển kinh tế - xã hội của thành phố và địa phương.',
 'Công tác tuyên truyền cần bám sát sự lãnh đạo, chỉ đạo của Thành ủy, Ủy ban nhân dân thành phố '
 'và Đảng ủy phường; triển khai với nhiều hình thức linh hoạt, phong phú, thiết thực, hiệu quả; '
 'chú trọng phát huy vai trò của hệ thống thông tin cơ sở, nền tảng số, mạng xã hội; gắn với tuyên '
 'truyền các nhiệm vụ phát triển kinh tế - xã hội, bảo đảm quốc phòng - an ninh tại địa phương.']

THEMES = ['Khẳng định Nghị quyết sửa đổi, bổ sung về phát triển nhà ở xã hội là giải pháp quan trọng nhằm '
 'bảo đảm an sinh xã hội, nâng cao chất lượng đời sống Nhân dân, góp phần xây dựng thành phố phát '
 'triển bền vững, văn minh, hiện đại.',
 'Tuyên truyền, quán triệt sâu sắc mục tiêu phát triển nhà ở xã hội của thành phố đến năm 2030; '
 'trong đó nhấn mạnh các chỉ tiêu cụ thể:',
 'Phân tích, làm rõ các nhóm nhiệm vụ, giải pháp trọng tâm trong Nghị quyết, trong đó tập trung '
 'vào:',
 'Tuyên truyền các chính sách cụ thể liên quan trực tiếp đến người dân như: đối tượng, điều kiện, '
 'tiêu chí được hưởng chính sách nhà ở xã hội; quy trình, thủ tục đăng ký mua, thuê, thuê mua; '
 'quyền lợi và nghĩa vụ của người dân.',
 'Tuyên truyền việc cụ thể hóa Nghị quyết trong thực tiễn tại thành phố và địa phương; thông tin '
 'về các chương trình, kế hoạch, dự án nhà ở xã hội đang và sẽ triển khai; tạo niềm tin và sự đồng '
 'thuận trong Nhân dân.',
 'Nêu bật, lan tỏa các mô hình hiệu quả trong phát triển nhà ở xã hội; biểu dương các tập thể, cá '
 'nhân tiêu biểu; đồng thời phê phán các hành vi lợi dụng chính sách, trục lợi, gây thất thoát, '
 'lãng phí.']

UNITS = [('Ban Xây dựng Đảng Đảng ủy phường',
  ['Chỉ đạo, định hướng công tác tuyên truyền Nghị quyết số 02-NQ/TU ngày 10/12/2025 của Ban Chấp '
   'hành Đảng bộ thành phố về sửa đổi, bổ sung một số điều của Nghị quyết số 09-NQ/TU, ngày '
   '13/11/2023 về phát triển nhà ở xã hội trên địa bàn thành phố Hải Phòng đến năm 2030;',
   'Tổ chức tuyên truyền thông qua các hội nghị báo cáo viên, các buổi sinh hoạt chuyên đề, đội '
   'ngũ báo cáo viên, tuyên truyền viên cơ sở trên địa bàn phường.']),
 ('Phòng Văn hóa - Xã hội phường',
  ['Chủ trì, phối hợp với các phòng, ban, ngành tổ chức thực hiện Kế hoạch; theo dõi, kiểm tra, '
   'đôn đốc các phòng, ban, các cơ sở giáo dục triển khai thực hiện kế hoạch tuyên truyền.',
   'Phối hợp với Trung tâm Dịch vụ sự nghiệp công và các đơn vị liên quan trong công tác chỉ đạo, '
   'định hướng nội dung thông tin, tuyên truyền trên các phương tiện thông tin đại chúng và mạng '
   'xã hội về Nghị quyết số 02-NQ/TU ngày 10/12/2025 của Ban Chấp hành Đảng bộ thành phố về sửa '
   'đổi, bổ sung một số điều của Nghị quyết số 09-NQ/TU, ngày 13/11/2023 về phát triển nhà ở xã '
   'hội trên địa bàn thành phố Hải Phòng đến năm 2030 trên địa bàn phường.',
   'Phối hợp với các đơn vị liên quan rà soát, kiểm tra và xử lý các thông tin trái chiều, không '
   'đúng sự thật trên mạng xã hội về công tác thông tin, tuyên truyền triển khai Kế hoạch số '
   '94-KH/ĐU ngày 07/4/2026 của Ban Thường vụ Đảng ủy phường trên địa bàn.',
   'Phối hợp Cổng thông tin điện tử phường, hệ thống thông tin cơ sở tăng cường tuyên truyền sâu '
   'rộng Kế hoạch số 94-KH/ĐU ngày 07/4/2026 của Ban Thường vụ Đảng ủy.',
   'Định kỳ sơ kết, tổng kết, đánh giá kết quả thực hiện theo quy định.']),
 ('Phòng Kinh tế, Hạ tầng và Đô thị phường',
  ['Chủ trì, tham mưu Ủy ban nhân dân phường bố trí kinh phí để thực hiện các nhiệm vụ được giao '
   'tại Kế hoạch theo quy định.']),
 ('Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường',
  ['Chủ trì đẩy mạnh công tác thông tin, tuyên truyền Kế hoạch số 94-KH/ĐU ngày 07/4/2026 của Ban '
   'Thường vụ Đảng ủy trên Cổng thông tin điện tử phường.']),
 ('Trung tâm Dịch vụ Sự nghiệp công phường',
  ['Phối hợp chặt chẽ với Phòng Văn hóa - Xã hội phường và các cơ quan liên quan để tiếp cận, khai '
   'thác các nguồn tin chính thống đảm bảo tính chính xác, trung thực.',
   'Kịp thời tuyên truyền, phổ biến các quan điểm lãnh đạo, chỉ đạo của Đảng, chủ trương, chính '
   'sách pháp luật của Nhà nước, chủ động xây dựng chương trình tuyên truyền, thường xuyên, dưới '
   'nhiều hình thức, tổ chức truyền thông rộng khắp toàn phường. Không ngừng đổi mới nội dung, '
   'tuyên truyền ngắn gọn, dễ hiểu, phù hợp với mọi lứa tuổi.',
   'Xây dựng, duy trì, đổi mới, nâng cao chuyên mục, tin bài về triển khai thực hiện Nghị quyết số '
   '02-NQ/TU ngày 10/12/2025 của Ban Chấp hành Đảng bộ thành phố về sửa đổi, bổ sung một số điều '
   'của Nghị quyết số 09-NQ/TU, ngày 13/11/2023 về phát triển nhà ở xã hội trên địa bàn thành phố '
   'Hải Phòng đến năm 2030... để tuyên truyền đến người dân trên địa bàn phường.',
   'Chủ trì phối hợp với các phòng, ban, ngành trên địa bàn phường tích cực đưa thông tin về công '
   'tác triển khai thực hiện Kế hoạch số 94-KH/ĐU ngày 07/4/2026 của Ban Thường vụ Đảng ủy của các '
   'đơn vị trên hệ thống truyền thanh phường, các trang mạng xã hội....',
   'Tổ chức tuyên truyền cổ động trực quan tại trụ sở phường, trên các trục đường chính trên địa '
   'bàn phường về triển khai thực hiện Kế hoạch số 94-KH/ĐU ngày 07/4/2026 của Ban Thường vụ Đảng '
   'ủy.']),
 ('Các phòng, ban, đơn vị, các Tổ dân phố và các cơ sở giáo dục trên địa bàn phường',
  ['Tổ chức triển khai các hoạt động thông tin, tuyên truyền về triển khai thực hiện Kế hoạch số '
   '94-KH/ĐU ngày 07/4/2026 của Ban Thường vụ Đảng ủy cho cán bộ, công chức và Nhân dân trên địa '
   'bàn phường tại các hội nghị, cuộc họp giao ban của cơ quan, đơn vị, các cơ sở giáo dục và các '
   'Tổ dân phố.',
   'Phối hợp với các lực lượng chức năng nắm chắc tình hình từ sớm, từ xa, không để phát sinh '
   '“điểm nóng”, phức tạp về an ninh trật tự; đồng thời chủ động tham mưu xử lý các vấn đề phát '
   'sinh liên quan đến việc triển khai các dự án nhà ở xã hội trên địa bàn, bảo đảm đúng quy định '
   'của pháp luật, công khai, minh bạch, vì lợi ích chính đáng của người dân.',
   'Chủ động cung cấp thông tin, hình thức tuyên truyền, nhiệm vụ tuyên truyền để phòng Văn hóa - '
   'Xã hội phường tổng hợp, đề xuất, báo cáo Ủy ban nhân dân phường nhằm triển khai hiệu quả, '
   'thiết thực.',
   'Nắm bắt tình hình dư luận xã hội tại cơ quan, địa phương; đấu tranh, phản bác các quan điểm '
   'sai trái, xuyên tạc.',
   'Các cơ quan, đơn vị, các cơ sở giáo dục, các tổ dân phố căn cứ nhiệm vụ được phân công nghiêm '
   'túc thực hiện; trong quá trình triển khai nếu phát sinh khó khăn, vướng mắc, phản ánh bằng văn '
   'bản (qua Phòng Văn hóa - Xã hội phường tổng hợp), báo cáo Ủy ban nhân dân phường xem xét, '
   'chỉ đạo giải quyết.'])]

RECIPIENTS = ['Sở Văn hóa, Thể thao và Du lịch',
 'Thường trực Đảng ủy phường',
 'Hội đồng nhân dân phường',
 'Chủ tịch, Phó Chủ tịch UBND phường',
 'Các phòng, ban, đơn vị thuộc phường',
 'Các trường học trên địa bàn phường',
 'Các Tổ dân phố trên địa bàn phường',
 'Lưu: VT, VHXH']
